using GamAuthentication.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Tokens;

/// <summary>Binds token-client and service-token options from a configuration section, naming bad values by their key.</summary>
internal static class GamTokenOptionsBinder
{
    public static void Bind(IConfiguration section, GamTokenClientOptions options)
    {
        var reader = new GamConfigurationReader(section);
        reader.String(nameof(GamTokenClientOptions.Authority), v => options.Authority = v);
        reader.Enum<GamEndpointProfile>(nameof(GamTokenClientOptions.EndpointProfile), v => options.EndpointProfile = v);
        reader.String(nameof(GamTokenClientOptions.TokenEndpoint), v => options.TokenEndpoint = v);
        reader.String(nameof(GamTokenClientOptions.ClientId), v => options.ClientId = v);
        reader.String(nameof(GamTokenClientOptions.ClientSecret), v => options.ClientSecret = v);
        reader.Replace(nameof(GamTokenClientOptions.Scope), options.Scope);
        reader.String(nameof(GamTokenClientOptions.AuthenticationTypeName), v => options.AuthenticationTypeName = v);
        reader.String(nameof(GamTokenClientOptions.ApiKeyAuthenticationTypeName), v => options.ApiKeyAuthenticationTypeName = v);
        reader.String(nameof(GamTokenClientOptions.Repository), v => options.Repository = v);
        reader.Enum<GamRequestTokenType>(nameof(GamTokenClientOptions.RequestTokenType), v => options.RequestTokenType = v);
        reader.Boolean(nameof(GamTokenClientOptions.RequireHttpsEndpoints), v => options.RequireHttpsEndpoints = v);
        reader.Int32(nameof(GamTokenClientOptions.MaxResponseBytes), v => options.MaxResponseBytes = v);
        reader.TimeSpan(nameof(GamTokenClientOptions.Timeout), v => options.Timeout = v);

        if (options is GamClientAccessTokenOptions service)
        {
            reader.String(nameof(GamClientAccessTokenOptions.ApiKey), v => service.ApiKey = v);
            reader.String(nameof(GamClientAccessTokenOptions.UserName), v => service.UserName = v);
            reader.String(nameof(GamClientAccessTokenOptions.Password), v => service.Password = v);
            reader.TimeSpan(nameof(GamClientAccessTokenOptions.RefreshBeforeExpiry), v => service.RefreshBeforeExpiry = v);
            reader.Enum<GamTokenStyle>(nameof(GamClientAccessTokenOptions.TokenStyle), v => service.TokenStyle = v);
            reader.Dictionary(nameof(GamClientAccessTokenOptions.InitialProperties), (id, value) => service.InitialProperties.Add(new GamProperty(id, value)));
        }
    }

    /// <summary>How settings of a named options instance are named in validation messages.</summary>
    public static string Prefix(IConfiguration? section, string typeName, string? name) =>
        section is IConfigurationSection { Path.Length: > 0 } s ? s.Path + ":" : $"{typeName}[{name}].";
}

/// <summary>Binds one named options instance from a configuration section.</summary>
internal sealed class GamTokenOptionsConfigure<TOptions>(string name, IConfiguration section) : IConfigureNamedOptions<TOptions>
    where TOptions : GamTokenClientOptions
{
    public void Configure(TOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name1, TOptions options)
    {
        if (string.Equals(name1 ?? Options.DefaultName, name, StringComparison.Ordinal))
        {
            GamTokenOptionsBinder.Bind(section, options);
        }
    }
}

/// <summary>Validates one named options instance at start-up, naming each bad setting.</summary>
internal sealed class GamNamedOptionsValidator<TOptions>(string name, Func<TOptions, IReadOnlyList<string>> check) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name1, TOptions options)
    {
        if (!string.Equals(name1 ?? Options.DefaultName, name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
