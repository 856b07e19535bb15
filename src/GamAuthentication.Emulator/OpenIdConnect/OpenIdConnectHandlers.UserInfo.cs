using GamAuthentication.Emulator.Internal;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.OpenIdConnect;

// The userinfo endpoint (Bearer header only).
internal sealed partial class OpenIdConnectHandlers
{
    /// <summary>Bearer header only, with OneLogin's answers for a missing or malformed header and a bad token.</summary>
    public Task UserInfoAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.UserInfo);
        var headers = context.Request.Headers.Authorization;
        OAuthError? error = null;
        AccessTokenEntry? entry = null;
        if (headers.Count == 0 || string.IsNullOrWhiteSpace(headers.ToString()))
        {
            error = OAuthError.NoBearerToken;
        }
        else if (headers.Count > 1 || BearerToken(headers.ToString()) is not { } token)
        {
            error = OAuthError.BadAuthorizationHeader;
        }
        else if (emulator.ValidateAccessToken(token, out entry) is not null)
        {
            error = OAuthError.InvalidToken;
        }

        if (error is not null)
        {
            return OpenIdConnectJson.WriteErrorAsync(context, error, "Bearer");
        }

        var session = entry!.Session;
        return OpenIdConnectJson.WriteObjectAsync(context, OpenIdConnectClaims.UserInfo(session.User, session.Grant, emulator.StartedAt));
    }

    private static string? BearerToken(string header)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 || token.Contains(' ', StringComparison.Ordinal) ? null : token;
    }
}
