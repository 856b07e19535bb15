using System.Text.Json;
using System.Text.Json.Nodes;
using GamAuthentication.Emulator.Internal;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.OpenIdConnect;

/// <summary>The JSON bodies of the OpenID Connect provider: discovery, JWKS, token responses, userinfo, OAuth errors.</summary>
internal static class OpenIdConnectJson
{
    public static Task WriteDiscoveryAsync(HttpContext context, string issuer) => JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("issuer", issuer);
        writer.WriteString("authorization_endpoint", issuer + "/" + OpenIdConnectRoutes.Authorize);
        writer.WriteString("token_endpoint", issuer + "/" + OpenIdConnectRoutes.Token);
        writer.WriteString("userinfo_endpoint", issuer + "/" + OpenIdConnectRoutes.UserInfo);
        writer.WriteString("jwks_uri", issuer + "/" + OpenIdConnectRoutes.Jwks);
        writer.WriteString("end_session_endpoint", issuer + "/" + OpenIdConnectRoutes.EndSession);
        Strings(writer, "response_types_supported", "code");
        Strings(writer, "response_modes_supported", "query", "form_post");
        Strings(writer, "grant_types_supported", "authorization_code", "refresh_token");
        Strings(writer, "subject_types_supported", "public");
        Strings(writer, "id_token_signing_alg_values_supported", "RS256");
        Strings(writer, "scopes_supported", OpenIdConnectClaims.Scopes);
        Strings(writer, "claims_supported", OpenIdConnectClaims.Supported);
        Strings(writer, "code_challenge_methods_supported", "S256", "plain");
        Strings(writer, "token_endpoint_auth_methods_supported", "client_secret_basic", "client_secret_post", "none");
        writer.WriteBoolean("claims_parameter_supported", false);
        writer.WriteBoolean("request_parameter_supported", false);
        writer.WriteBoolean("request_uri_parameter_supported", false);
        writer.WriteEndObject();
    });

    public static Task WriteJwksAsync(HttpContext context, GamEmulatorOpenIdConnect provider) =>
        JsonResponse.WriteAsync(context, StatusCodes.Status200OK, provider.WriteJwks);

    /// <summary>
    /// A token response: <c>access_token</c>, <c>token_type</c>, <c>expires_in</c> (left out for tokens that
    /// never expire), <c>refresh_token</c> (when one was issued), <c>scope</c> (space-separated), <c>id_token</c>.
    /// </summary>
    public static Task WriteTokenAsync(HttpContext context, TokenIssue issue, string? idToken) => JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("access_token", issue.AccessToken);
        writer.WriteString("token_type", "Bearer");
        if (issue.ExpiresIn > 0)
        {
            writer.WriteNumber("expires_in", issue.ExpiresIn);
        }

        if (issue.RefreshToken.Length > 0)
        {
            writer.WriteString("refresh_token", issue.RefreshToken);
        }

        writer.WriteString("scope", string.Join(' ', issue.Session.Grant.Scopes));
        if (idToken is not null)
        {
            writer.WriteString("id_token", idToken);
        }

        writer.WriteEndObject();
    });

    public static Task WriteObjectAsync(HttpContext context, JsonObject body) =>
        JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer => body.WriteTo(writer, JsonResponse.SerializerOptions));

    /// <summary>
    /// <c>{"error","error_description"}</c>; 401 answers carry <c>WWW-Authenticate</c>: <c>Bearer</c> on
    /// userinfo (RFC 6750), <c>Basic</c> on the token endpoint (RFC 6749 §5.2).
    /// </summary>
    public static Task WriteErrorAsync(HttpContext context, OAuthError error, string? challengeScheme)
    {
        if (challengeScheme is not null && (error.StatusCode == StatusCodes.Status401Unauthorized || challengeScheme == "Bearer"))
        {
            context.Response.Headers.WWWAuthenticate = challengeScheme == "Bearer"
                ? $"Bearer error=\"{error.Error}\", error_description=\"{error.Description}\""
                : $"{challengeScheme} realm=\"{context.Request.Host}\"";
        }

        return JsonResponse.WriteAsync(context, error.StatusCode, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", error.Error);
            writer.WriteString("error_description", error.Description);
            writer.WriteEndObject();
        });
    }

    private static void Strings(Utf8JsonWriter writer, string name, params ReadOnlySpan<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
