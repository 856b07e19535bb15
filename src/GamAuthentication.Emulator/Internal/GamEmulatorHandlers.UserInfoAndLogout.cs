using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

// The routes that take an access token: the userinfo routes and oauth/logout.
internal sealed partial class GamEmulatorHandlers
{
    public Task UserInfoAsync(HttpContext context) => UserInfoCoreAsync(context, includeSub: false);

    public Task OpenIdUserInfoAsync(HttpContext context) => UserInfoCoreAsync(context, includeSub: true);

    private async Task UserInfoCoreAsync(HttpContext context, bool includeSub)
    {
        emulator.Count(GamEmulatorEndpoint.UserInfo);
        var token = await ReadAccessTokenAsync(context).ConfigureAwait(false);
        AccessTokenEntry? entry = null;
        var error = token.Length == 0 ? GamError.MissingAuthorization : emulator.ValidateAccessToken(token, out entry);
        if (error is not null)
        {
            await GamJson.WriteErrorAsync(context, error, Realm(context), tokenEndpoint: false).ConfigureAwait(false);
            return;
        }

        await GamJson.WriteUserInfoAsync(context, entry!.Session, includeSub).ConfigureAwait(false);
    }

    public async Task LogoutAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.Logout);
        var token = await ReadAccessTokenAsync(context).ConfigureAwait(false);
        var error = token.Length == 0 ? GamError.MissingAuthorization : emulator.ValidateAccessToken(token, out _);
        if (error is not null && error.Code != "103")
        {
            await GamJson.WriteErrorAsync(context, error, Realm(context), tokenEndpoint: false).ConfigureAwait(false);
            return;
        }

        emulator.EndLogin(token);
        await GamJson.WriteLogoutAsync(context).ConfigureAwait(false);
    }

    /// <summary>The token from <c>Authorization</c> (raw, <c>OAuth </c> or <c>Bearer </c>), else the <c>access_token</c> form field of a POST.</summary>
    private static async Task<string> ReadAccessTokenAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString().Trim();
        if (header.Length > 0)
        {
            foreach (var prefix in (ReadOnlySpan<string>)["Bearer ", "OAuth "])
            {
                if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return header[prefix.Length..].Trim();
                }
            }

            return header;
        }

        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var parameters = await RequestParameters.ReadAsync(context).ConfigureAwait(false);
            return parameters?["access_token"].Trim() ?? string.Empty;
        }

        return string.Empty;
    }
}
