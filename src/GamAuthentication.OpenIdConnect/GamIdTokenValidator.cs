using System.Security.Cryptography;
using System.Text;
using GamAuthentication.Discovery;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GamAuthentication.OpenIdConnect;

/// <summary>
/// Validates an id_token as OpenID Connect Core §3.1.3.7 asks: the signature by one of the provider's published keys
/// (an algorithm it announces, never <c>none</c>), <c>iss</c> = the discovered issuer, <c>aud</c> = the client ID
/// (and <c>azp</c> when there are several audiences), <c>exp</c>/<c>nbf</c> on the scheme's clock with
/// <see cref="ClockSkew"/>, <c>iat</c> and <c>sub</c> present, the sign-in's <c>nonce</c>, and <c>at_hash</c> when present.
/// </summary>
internal static class GamIdTokenValidator
{
    /// <summary>How far the provider's clock and this app's may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public static async Task<GamIdTokenValidation> ValidateAsync(OpenIdConnectConfiguration configuration, GamProviderRequest request, GamIdTokenRequest idToken)
    {
        if (string.IsNullOrEmpty(configuration.Issuer))
        {
            return GamIdTokenValidation.Invalid("the provider's discovery document names no issuer to check it against");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = idToken.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) => CheckLifetime(notBefore, expires, request.Time.GetUtcNow()),
            ValidAlgorithms = SigningAlgorithms(configuration),
            TryAllIssuerSigningKeys = false,
        };

        var result = await Handler.ValidateTokenAsync(idToken.IdToken, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return GamIdTokenValidation.Invalid(Explain(result.Exception));
        }

        var token = (JsonWebToken)result.SecurityToken;
        return CheckClaims(token, idToken) is { } failure
            ? GamIdTokenValidation.Invalid(failure)
            : GamIdTokenValidation.Valid(token.Subject);
    }

    /// <summary>
    /// Whether the token names a key (<c>kid</c>) the configuration does not publish: after a rotation, reading the keys
    /// again may help. False for anything that is not a readable JWT.
    /// </summary>
    public static bool NamesUnknownKey(string idToken, OpenIdConnectConfiguration configuration)
    {
        string kid;
        try
        {
            kid = Handler.CanReadToken(idToken) ? new JsonWebToken(idToken).Kid : string.Empty;
        }
        catch (ArgumentException)
        {
            return false;
        }

        return !string.IsNullOrEmpty(kid) && !configuration.SigningKeys.Any(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));
    }

    /// <summary>exp (required) and nbf on the scheme's clock (the framework's own check reads the system clock).</summary>
    private static bool CheckLifetime(DateTime? notBefore, DateTime? expires, DateTimeOffset now)
    {
        if (expires is not { } expiry)
        {
            throw new SecurityTokenNoExpirationException("no exp");
        }

        if (now.UtcDateTime > expiry.ToUniversalTime() + ClockSkew)
        {
            throw new SecurityTokenExpiredException("expired") { Expires = expiry };
        }

        if (notBefore is { } start && now.UtcDateTime + ClockSkew < start.ToUniversalTime())
        {
            throw new SecurityTokenNotYetValidException("not yet valid") { NotBefore = start };
        }

        return true;
    }

    /// <summary>What Core §3.1.3.7 asks beyond the signature, issuer, audience and lifetime.</summary>
    private static string? CheckClaims(JsonWebToken token, GamIdTokenRequest idToken)
    {
        if (string.IsNullOrEmpty(token.Subject))
        {
            return "it has no subject (sub)";
        }

        if (idToken.Subject is { } expectedSubject && !string.Equals(token.Subject, expectedSubject, StringComparison.Ordinal))
        {
            return "it is about another user than the one signed in (its sub differs)";
        }

        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out _))
        {
            return "it has no issue time (iat)";
        }

        var audiences = token.Audiences.ToList();
        token.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Azp, out var azp);
        if ((audiences.Count > 1 || !string.IsNullOrEmpty(azp)) && !string.Equals(azp, idToken.ClientId, StringComparison.Ordinal))
        {
            return "its authorized party (azp) is not this application's client ID";
        }

        token.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Nonce, out var nonce);
        if (idToken.Nonce is { } expected)
        {
            if (string.IsNullOrEmpty(nonce))
            {
                return "it has no nonce, but the sign-in sent one";
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(expected)))
            {
                return "its nonce is not the one this sign-in sent (a replayed or injected token)";
            }
        }

        if (token.TryGetPayloadValue<string>(JwtRegisteredClaimNames.AtHash, out var atHash) && idToken.AccessToken is { } accessToken &&
            AccessTokenHash(accessToken, token.Alg) is { } computed && !string.Equals(atHash, computed, StringComparison.Ordinal))
        {
            return "its at_hash does not match the access token issued with it";
        }

        return null;
    }

    /// <summary>Core §3.1.3.6: the left half of the hash (the one of the token's algorithm) of the access token, base64url.</summary>
    private static string? AccessTokenHash(string accessToken, string algorithm)
    {
        var bytes = Encoding.ASCII.GetBytes(accessToken);
        var hash = algorithm.Length > 2 ? algorithm[2..] switch
        {
            "256" => SHA256.HashData(bytes),
            "384" => SHA384.HashData(bytes),
            "512" => SHA512.HashData(bytes),
            _ => null,
        } : null;
        return hash is null ? null : Base64UrlEncoder.Encode(hash, 0, hash.Length / 2);
    }

    /// <summary>The algorithms the provider announces for id_tokens (never <c>none</c>); null (any asymmetric one the keys allow) when it announces none.</summary>
    private static string[]? SigningAlgorithms(OpenIdConnectConfiguration configuration)
    {
        var announced = configuration.IdTokenSigningAlgValuesSupported.Where(a => !string.Equals(a, "none", StringComparison.OrdinalIgnoreCase)).ToArray();
        return announced.Length > 0 ? announced : null;
    }

    /// <summary>Why the token failed, in words safe to log and show: never the token, never a value it carries.</summary>
    private static string Explain(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => "it is signed by a key the provider does not publish (its kid is not in the provider's JWKS)",
        SecurityTokenInvalidSignatureException => "its signature does not verify with the provider's published keys",
        SecurityTokenInvalidAlgorithmException => "it is signed with an algorithm the provider does not announce",
        SecurityTokenInvalidIssuerException => "its issuer (iss) is not the provider's issuer",
        SecurityTokenInvalidAudienceException => "its audience (aud) is not this application's client ID",
        SecurityTokenExpiredException => $"it has expired (exp, with {ClockSkew.TotalSeconds:0} s of clock skew)",
        SecurityTokenNotYetValidException => $"it is not valid yet (nbf, with {ClockSkew.TotalSeconds:0} s of clock skew)",
        SecurityTokenNoExpirationException => "it has no expiry (exp)",
        SecurityTokenInvalidLifetimeException => "its lifetime (nbf/exp) is not valid",
        SecurityTokenMalformedException or ArgumentException => "it is not a well-formed signed JWT",
        null => "it could not be validated",
        _ => $"it could not be validated ({exception.GetType().Name})",
    };
}
