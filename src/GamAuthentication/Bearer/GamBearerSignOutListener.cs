namespace GamAuthentication.Bearer;

/// <summary>
/// When this app also validates GAM tokens (<c>AddGamBearer()</c>), a GAM sign-out revokes the token in its bearer
/// cache, so the signed-out token stops working here at once: also while the browser is on its way to GAM's sign-out
/// (GAM still accepts the token then), and also when a userinfo call for it is in flight. Evicting would not do: the
/// next API call in that window would ask GAM, which still says yes, and cache the token as valid again.
/// </summary>
internal sealed class GamBearerSignOutListener(GamBearerTokenCache tokenCache) : IGamSignOutListener
{
    public Task SigningOutAsync(GamSignOutContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return string.IsNullOrEmpty(context.AccessToken)
            ? Task.CompletedTask
            : tokenCache.RevokeAsync(context.AccessToken, context.HttpContext.RequestAborted);
    }
}
