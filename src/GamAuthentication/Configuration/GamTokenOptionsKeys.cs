using GamAuthentication.Tokens;

namespace GamAuthentication.Configuration;

/// <summary>The configuration keys of the token client (<c>AddGamTokenClient</c>) and of service tokens (<c>AddGamClientAccessToken</c>).</summary>
internal static class GamTokenOptionsKeys
{
    public static readonly GamBindingMap<GamTokenClientOptions> TokenClient = new GamBindingMap<GamTokenClientOptions>()
        .Add(nameof(GamTokenClientOptions.Authority), (r, o) => r.String(nameof(o.Authority), v => o.Authority = v))
        .Add(nameof(GamTokenClientOptions.EndpointProfile), (r, o) => r.Enum<GamEndpointProfile>(nameof(o.EndpointProfile), v => o.EndpointProfile = v))
        .Add(nameof(GamTokenClientOptions.MetadataAddress), (r, o) => r.String(nameof(o.MetadataAddress), v => o.MetadataAddress = v))
        .Add(nameof(GamTokenClientOptions.TokenEndpoint), (r, o) => r.String(nameof(o.TokenEndpoint), v => o.TokenEndpoint = v))
        .Add(nameof(GamTokenClientOptions.ClientId), (r, o) => r.String(nameof(o.ClientId), v => o.ClientId = v))
        .Add(nameof(GamTokenClientOptions.ClientSecret), (r, o) => r.String(nameof(o.ClientSecret), v => o.ClientSecret = v))
        .Add(nameof(GamTokenClientOptions.Scope), (r, o) => r.Replace(nameof(o.Scope), o.Scope))
        .Add(nameof(GamTokenClientOptions.AuthenticationTypeName), (r, o) => r.String(nameof(o.AuthenticationTypeName), v => o.AuthenticationTypeName = v))
        .Add(nameof(GamTokenClientOptions.ApiKeyAuthenticationTypeName), (r, o) => r.String(nameof(o.ApiKeyAuthenticationTypeName), v => o.ApiKeyAuthenticationTypeName = v))
        .Add(nameof(GamTokenClientOptions.Repository), (r, o) => r.String(nameof(o.Repository), v => o.Repository = v))
        .Add(nameof(GamTokenClientOptions.RequestTokenType), (r, o) => r.Enum<GamRequestTokenType>(nameof(o.RequestTokenType), v => o.RequestTokenType = v))
        .Add(nameof(GamTokenClientOptions.RequireHttpsEndpoints), (r, o) => r.Boolean(nameof(o.RequireHttpsEndpoints), v => o.RequireHttpsEndpoints = v))
        .Add(nameof(GamTokenClientOptions.MaxResponseBytes), (r, o) => r.Int32(nameof(o.MaxResponseBytes), v => o.MaxResponseBytes = v))
        .Add(nameof(GamTokenClientOptions.Timeout), (r, o) => r.TimeSpan(nameof(o.Timeout), v => o.Timeout = v));

    public static readonly GamBindingMap<GamClientAccessTokenOptions> ClientAccessToken = new GamBindingMap<GamClientAccessTokenOptions>()
        .Include(TokenClient)
        .Add(nameof(GamClientAccessTokenOptions.ApiKey), (r, o) => r.String(nameof(o.ApiKey), v => o.ApiKey = v))
        .Add(nameof(GamClientAccessTokenOptions.UserName), (r, o) => r.String(nameof(o.UserName), v => o.UserName = v))
        .Add(nameof(GamClientAccessTokenOptions.Password), (r, o) => r.String(nameof(o.Password), v => o.Password = v))
        .Add(nameof(GamClientAccessTokenOptions.RefreshBeforeExpiry), (r, o) => r.TimeSpan(nameof(o.RefreshBeforeExpiry), v => o.RefreshBeforeExpiry = v))
        .Add(nameof(GamClientAccessTokenOptions.TokenStyle), (r, o) => r.Enum<GamTokenStyle>(nameof(o.TokenStyle), v => o.TokenStyle = v))
        .Add(nameof(GamClientAccessTokenOptions.InitialProperties), (r, o) => r.Dictionary(nameof(o.InitialProperties), (id, value) => o.InitialProperties.Add(new GamProperty(id, value))));
}
