namespace GamAuthentication.Configuration;

/// <summary>The configuration keys of <see cref="GamOptions"/> (<c>AddGam()</c>), under <c>Authentication:Schemes:{scheme}</c>.</summary>
internal static class GamOptionsKeys
{
    public static readonly GamBindingMap<GamOptions> Map = new GamBindingMap<GamOptions>()
        .Include(GamSchemeKeys.Remote)
        .Add(nameof(GamOptions.Authority), (r, o) => r.String(nameof(o.Authority), v => o.Authority = v))
        .Add(nameof(GamOptions.ClientId), (r, o) => r.String(nameof(o.ClientId), v => o.ClientId = v))
        .Add(nameof(GamOptions.ClientSecret), (r, o) => r.String(nameof(o.ClientSecret), v => o.ClientSecret = v))
        .Add(nameof(GamOptions.EndpointProfile), (r, o) => r.Enum<GamEndpointProfile>(nameof(o.EndpointProfile), v => o.EndpointProfile = v))
        .Add(nameof(GamOptions.MetadataAddress), (r, o) => r.String(nameof(o.MetadataAddress), v => o.MetadataAddress = v))
        .Add(nameof(GamOptions.RequireIdToken), (r, o) => r.Boolean(nameof(o.RequireIdToken), v => o.RequireIdToken = v))
        .Add(nameof(GamOptions.AuthorizationEndpoint), (r, o) => r.String(nameof(o.AuthorizationEndpoint), v => o.AuthorizationEndpoint = v))
        .Add(nameof(GamOptions.TokenEndpoint), (r, o) => r.String(nameof(o.TokenEndpoint), v => o.TokenEndpoint = v))
        .Add(nameof(GamOptions.UserInformationEndpoint), (r, o) => r.String(nameof(o.UserInformationEndpoint), v => o.UserInformationEndpoint = v))
        .Add(nameof(GamOptions.EndSessionEndpoint), (r, o) => r.String(nameof(o.EndSessionEndpoint), v => o.EndSessionEndpoint = v))
        .Add(nameof(GamOptions.UserInformationTokenStyle), (r, o) => r.Enum<GamTokenStyle>(nameof(o.UserInformationTokenStyle), v => o.UserInformationTokenStyle = v))
        .Add(nameof(GamOptions.SignedOutCallbackPath), (r, o) => r.Path(nameof(o.SignedOutCallbackPath), v => o.SignedOutCallbackPath = v))
        .Add(nameof(GamOptions.SignedOutRedirectUri), (r, o) => r.String(nameof(o.SignedOutRedirectUri), v => o.SignedOutRedirectUri = v))
        .Add(nameof(GamOptions.Repository), (r, o) => r.String(nameof(o.Repository), v => o.Repository = v))
        .Add(nameof(GamOptions.UseLegacyAuthorizationParameter), (r, o) => r.Boolean(nameof(o.UseLegacyAuthorizationParameter), v => o.UseLegacyAuthorizationParameter = v))
        .Add(nameof(GamOptions.UsePkce), (r, o) => r.Boolean(nameof(o.UsePkce), v => o.UsePkce = v))
        .Add(nameof(GamOptions.RequireHttpsEndpoints), (r, o) => r.Boolean(nameof(o.RequireHttpsEndpoints), v => o.RequireHttpsEndpoints = v))
        .Add(nameof(GamOptions.MaxResponseBytes), (r, o) => r.Int32(nameof(o.MaxResponseBytes), v => o.MaxResponseBytes = v))
        .Add(nameof(GamOptions.Scope), (r, o) => r.Replace(nameof(o.Scope), o.Scope))
        .Add(nameof(GamOptions.AdditionalAuthorizationParameters), (r, o) => r.Dictionary(nameof(o.AdditionalAuthorizationParameters), (k, v) => o.AdditionalAuthorizationParameters[k] = v));
}
