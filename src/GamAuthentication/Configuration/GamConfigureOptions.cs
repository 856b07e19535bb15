using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Configuration;

/// <summary>
/// Binds <see cref="GamOptions"/> from configuration section <c>Authentication:Schemes:{scheme}</c>, as the
/// framework's JwtBearer does. Runs before the options delegate given to <c>AddGam()</c>, so code wins.
/// </summary>
internal sealed class GamConfigureOptions(IAuthenticationConfigurationProvider configurationProvider) : IConfigureNamedOptions<GamOptions>
{
    public void Configure(GamOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, GamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!GamConfigurationReader.TryForScheme(configurationProvider, name, out var reader))
        {
            return;
        }

        reader.String(nameof(GamOptions.Authority), v => options.Authority = v);
        reader.String(nameof(GamOptions.ClientId), v => options.ClientId = v);
        reader.String(nameof(GamOptions.ClientSecret), v => options.ClientSecret = v);
        reader.Enum<GamEndpointProfile>(nameof(GamOptions.EndpointProfile), v => options.EndpointProfile = v);
        reader.String(nameof(GamOptions.AuthorizationEndpoint), v => options.AuthorizationEndpoint = v);
        reader.String(nameof(GamOptions.TokenEndpoint), v => options.TokenEndpoint = v);
        reader.String(nameof(GamOptions.UserInformationEndpoint), v => options.UserInformationEndpoint = v);
        reader.String(nameof(GamOptions.EndSessionEndpoint), v => options.EndSessionEndpoint = v);
        reader.Enum<GamTokenStyle>(nameof(GamOptions.UserInformationTokenStyle), v => options.UserInformationTokenStyle = v);
        reader.Path(nameof(GamOptions.CallbackPath), v => options.CallbackPath = v);
        reader.Path(nameof(GamOptions.SignedOutCallbackPath), v => options.SignedOutCallbackPath = v);
        reader.String(nameof(GamOptions.SignedOutRedirectUri), v => options.SignedOutRedirectUri = v);
        reader.String(nameof(GamOptions.SignInScheme), v => options.SignInScheme = v);
        reader.String(nameof(GamOptions.Repository), v => options.Repository = v);
        reader.Boolean(nameof(GamOptions.UseLegacyAuthorizationParameter), v => options.UseLegacyAuthorizationParameter = v);
        reader.Boolean(nameof(GamOptions.UsePkce), v => options.UsePkce = v);
        reader.Boolean(nameof(GamOptions.SaveTokens), v => options.SaveTokens = v);
        reader.Boolean(nameof(GamOptions.RequireHttpsEndpoints), v => options.RequireHttpsEndpoints = v);
        reader.Int32(nameof(GamOptions.MaxResponseBytes), v => options.MaxResponseBytes = v);
        reader.TimeSpan(nameof(GamOptions.BackchannelTimeout), v => options.BackchannelTimeout = v);
        reader.TimeSpan(nameof(GamOptions.RemoteAuthenticationTimeout), v => options.RemoteAuthenticationTimeout = v);
        reader.Replace(nameof(GamOptions.Scope), options.Scope);
        reader.Dictionary(nameof(GamOptions.AdditionalAuthorizationParameters), (k, v) => options.AdditionalAuthorizationParameters[k] = v);
    }
}
