using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

/// <summary>Writes GAM JSON bodies (token, userinfo, errors) without reflection, through <see cref="JsonResponse"/>.</summary>
internal static class GamJson
{
    private static readonly (string Name, Func<GamEmulatorUser, string> Value)[] UserFields =
    [
        ("guid", u => u.Guid),
        ("username", u => u.UserName),
        ("email", u => u.Email),
        ("first_name", u => u.FirstName),
        ("last_name", u => u.LastName),
        ("external_id", u => u.ExternalId),
        ("birthday", u => u.Birthday),
        ("gender", u => u.Gender),
        ("url_image", u => u.UrlImage),
        ("url_profile", u => u.UrlProfile),
        ("phone", u => u.Phone),
        ("address", u => u.Address),
        ("city", u => u.City),
        ("state", u => u.State),
        ("post_code", u => u.PostCode),
        ("language", u => u.Language),
        ("timezone", u => u.Timezone),
    ];

    public static Task WriteTokenAsync(HttpContext context, TokenIssue issue)
    {
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("access_token", issue.AccessToken);
            writer.WriteString("token_type", "Bearer");
            writer.WriteNumber("expires_in", issue.ExpiresIn);
            writer.WriteString("refresh_token", issue.RefreshToken);
            writer.WriteString("scope", issue.Scope);
            writer.WriteString("user_guid", issue.UserGuid);
            writer.WriteEndObject();
        });
    }

    /// <summary>Userinfo with only the members the login's scopes allow; <c>sub</c> first when asked (GEAI).</summary>
    public static Task WriteUserInfoAsync(HttpContext context, LoginSession session, bool includeSub)
    {
        var user = session.User;
        var grant = session.Grant;
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            if (includeSub)
            {
                writer.WriteString("sub", user.Guid ?? string.Empty);
            }

            foreach (var (name, value) in UserFields)
            {
                if (grant.UserData || grant.Fields.Contains(name))
                {
                    writer.WriteString(name, value(user) ?? string.Empty);
                    if (name == "email")
                    {
                        writer.WriteBoolean("verified_email", user.EmailVerified);
                    }
                }
            }

            if (grant.ApplicationData)
            {
                writer.WriteString("application_data", user.ApplicationData ?? string.Empty);
            }

            if (grant.UserData)
            {
                writer.WriteString("CustomInfo", user.CustomInfo ?? string.Empty);
            }

            if (grant.Roles)
            {
                writer.WriteStartArray("roles");
                foreach (var role in user.Roles ?? [])
                {
                    writer.WriteStringValue(role);
                }

                writer.WriteEndArray();
            }

            if (grant.AdditionalData || grant.AttributeIds.Count > 0)
            {
                writer.WriteStartArray("attributes");
                foreach (var attribute in user.Attributes ?? [])
                {
                    if (grant.AdditionalData || grant.AttributeIds.Contains(attribute.Id))
                    {
                        writer.WriteStartObject();
                        writer.WriteString("Id", attribute.Id);
                        writer.WriteBoolean("IsMultiValue", attribute.IsMultiValue);
                        writer.WriteString("Value", attribute.Value ?? string.Empty);
                        writer.WriteEndObject();
                    }
                }

                writer.WriteEndArray();
            }

            if (grant.InitialProperties)
            {
                writer.WriteStartArray("initial_properties");
                foreach (var property in session.InitialProperties)
                {
                    writer.WriteStartObject();
                    writer.WriteString("Id", property.Id);
                    writer.WriteString("Value", property.Value);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>{"error":{"code","message"}}</c> with <c>WWW-Authenticate: OAuth realm="..."</c>; the token
    /// endpoints add <c>error_code</c> and <c>error_description</c>.
    /// </summary>
    public static Task WriteErrorAsync(HttpContext context, GamError error, string realm, bool tokenEndpoint)
    {
        var header = $"OAuth realm=\"{Quote(realm)}\"";
        if (tokenEndpoint)
        {
            header += $",error_code=\"{Quote(error.Code)}\",error_description=\"{Quote(error.Message)}\"";
        }

        context.Response.Headers.WWWAuthenticate = header;
        return JsonResponse.WriteAsync(context, error.StatusCode, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary><c>{"code":"200"}</c> of <c>/oauth/logout</c>.</summary>
    public static Task WriteLogoutAsync(HttpContext context) => JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("code", "200");
        writer.WriteEndObject();
    });

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
