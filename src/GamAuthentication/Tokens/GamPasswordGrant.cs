using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GamAuthentication.Protocol;

namespace GamAuthentication.Tokens;

/// <summary>
/// GAM's password grant and its variants: the REST IdP's <c>grant_type=password</c> with GAM's extras, Globant
/// Enterprise AI's app-level login (no grant type, or the authentication type name as grant type), and the second
/// step of a two-factor login.
/// </summary>
internal static class GamPasswordGrant
{
    public static GamTokenForm Form(GamTokenClientOptions options, GamPasswordTokenRequest request, bool secondFactor)
    {
        var globant = options.EndpointProfile == GamEndpointProfile.GlobantEnterpriseAI;
        var authenticationType = request.AuthenticationTypeName ?? options.AuthenticationTypeName;
        var form = GamTokenForm.Grant(globant ? authenticationType : "password", options.ClientId!, options.ClientSecret);
        var scopes = (request.Scope ?? (IEnumerable<string>)options.Scope).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
        if (scopes.Count > 0)
        {
            // Space-joined; the form encoder turns spaces into '+', which is what GAM documents.
            form.Add("scope", string.Join(' ', scopes));
        }

        form.Add("username", request.UserName!).Add("password", request.Password!);
        if (!globant)
        {
            form.AddIfSet("authentication_type_name", authenticationType);
        }

        form.AddIfSet("repository", request.Repository ?? options.Repository);
        if ((request.RequestTokenType ?? options.RequestTokenType) is { } tokenType)
        {
            form.Add("request_token_type", tokenType == GamRequestTokenType.Web ? "Web" : "OAuth");
        }

        if (request.InitialProperties.Count > 0)
        {
            form.Add("initial_properties", SerializeProperties(request.InitialProperties));
        }

        var additional = request.AdditionalParameters;
        if (secondFactor && !globant)
        {
            form.Add("otp_step", "2").Add("use_2fa", "true");
        }
        else if (secondFactor)
        {
            additional = AddSecondFactorMarkers(additional);
        }

        if (!string.IsNullOrWhiteSpace(additional))
        {
            form.Add("additional_parameters", additional);
        }

        return form.Override(request.Parameters);
    }

    /// <summary>Throws when <see cref="GamPasswordTokenRequest.AdditionalParameters"/> is set but not a JSON object.</summary>
    public static void CheckAdditionalParameters(GamPasswordTokenRequest request, string paramName)
    {
        if (!string.IsNullOrWhiteSpace(request.AdditionalParameters) && TryParseJsonObject(request.AdditionalParameters) is null)
        {
            throw new ArgumentException("GAM: AdditionalParameters must be a JSON object, e.g. {\"AuthenticationTypeName\":\"local\"}.", paramName);
        }
    }

    /// <summary>GAM's <c>initial_properties</c>: a JSON array of <c>{"Id","Value"}</c>.</summary>
    internal static string SerializeProperties(IEnumerable<GamProperty> properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var property in properties)
            {
                ArgumentNullException.ThrowIfNull(property);
                writer.WriteStartObject();
                writer.WriteString("Id", property.Id);
                writer.WriteString("Value", property.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string AddSecondFactorMarkers(string? additionalParameters)
    {
        var node = (string.IsNullOrWhiteSpace(additionalParameters) ? null : TryParseJsonObject(additionalParameters)) ?? new JsonObject();
        node["OTPStep"] = "2";
        node["UseTwoFactorAuthentication"] = "true";
        return node.ToJsonString();
    }

    private static JsonObject? TryParseJsonObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
