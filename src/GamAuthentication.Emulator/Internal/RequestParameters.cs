using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GamAuthentication.Emulator.Internal;

/// <summary>Parameters of a request: the form of a POST, or the query string of a GET.</summary>
internal sealed class RequestParameters
{
    private readonly IFormCollection? _form;
    private readonly IQueryCollection? _query;

    private RequestParameters(IFormCollection? form, IQueryCollection? query)
    {
        _form = form;
        _query = query;
    }

    /// <summary>The first value of <paramref name="name"/>, or an empty string.</summary>
    public string this[string name]
    {
        get
        {
            StringValues values = _form is not null ? _form[name] : _query is not null ? _query[name] : StringValues.Empty;
            return values.Count > 0 ? values[0] ?? string.Empty : string.Empty;
        }
    }

    public static RequestParameters FromQuery(HttpRequest request) => new(null, request.Query);

    /// <summary>GET: the query string. POST: the form (empty when the body is not a form). <see langword="null"/>: unreadable form.</summary>
    public static async Task<RequestParameters?> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            return FromQuery(request);
        }

        if (!request.HasFormContentType)
        {
            return new RequestParameters(FormCollection.Empty, null);
        }

        try
        {
            return new RequestParameters(await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false), null);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>The JSON of <c>additional_parameters</c> (GAMLoginAdditionalParameters).</summary>
internal sealed class AdditionalParameters
{
    public string AuthenticationTypeName { get; private set; } = string.Empty;

    public string OtpStep { get; private set; } = string.Empty;

    public string Repository { get; private set; } = string.Empty;

    public List<GamProperty> Properties { get; } = [];

    public static AdditionalParameters Empty { get; } = new();

    /// <summary>Parses the JSON object; <see langword="null"/> when it is not one.</summary>
    public static AdditionalParameters? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var result = new AdditionalParameters();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name.ToUpperInvariant())
                {
                    case "AUTHENTICATIONTYPENAME":
                        result.AuthenticationTypeName = Scalar(property.Value);
                        break;
                    case "OTPSTEP":
                        result.OtpStep = Scalar(property.Value);
                        break;
                    case "REPOSITORY":
                        result.Repository = Scalar(property.Value);
                        break;
                    case "PROPERTIES":
                        if (!GamProperties.TryRead(property.Value, result.Properties))
                        {
                            return null;
                        }

                        break;
                }
            }

            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };
}

/// <summary>Reads <c>initial_properties</c>: a JSON array of <c>{"Id","Value"}</c> objects.</summary>
internal static class GamProperties
{
    /// <summary>Parses the text; <see langword="null"/> when it is not such an array.</summary>
    public static List<GamProperty>? Parse(string text)
    {
        var result = new List<GamProperty>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return TryRead(document.RootElement, result) ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool TryRead(JsonElement array, List<GamProperty> into)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            string? id = null;
            var value = string.Empty;
            foreach (var property in item.EnumerateObject())
            {
                if (string.Equals(property.Name, "Id", StringComparison.OrdinalIgnoreCase))
                {
                    id = AdditionalParameters.Scalar(property.Value);
                }
                else if (string.Equals(property.Name, "Value", StringComparison.OrdinalIgnoreCase))
                {
                    value = AdditionalParameters.Scalar(property.Value);
                }
            }

            if (string.IsNullOrEmpty(id))
            {
                return false;
            }

            into.Add(new GamProperty(id, value));
        }

        return true;
    }
}
