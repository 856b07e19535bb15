using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GamAuthentication.StackExchangeRedis.Sessions;

/// <summary>
/// A sign-in through GAM always starts a new server-side session. The cookie handler renews the session id the request
/// brought, so a session cookie planted in the victim's browser (or left from an earlier sign-in) would carry the
/// victim's new ticket to whoever holds a copy of it: session fixation. Before the cookie handler signs in, the
/// sign-in cookie is taken out of the request, so it stores the ticket under a new id.
/// While Redis cannot be reached a new session cannot be stored: the callback answers 503 with <c>Retry-After</c>
/// instead of letting the cookie handler's write fail as a 500 (and never falls back to a cookie that holds the
/// tokens, which "sign out everywhere" could not reach).
/// </summary>
internal sealed class GamSessionSignInSetup(IOptions<AuthenticationOptions> authentication, GamRedisTicketStore store)
    : IPostConfigureOptions<GamOptions>
{
    public void PostConfigure(string? name, GamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var received = options.Events.OnTicketReceived;
        options.Events.OnTicketReceived = async context =>
        {
            var signIn = options.SignInScheme ?? authentication.Value.DefaultSignInScheme ?? authentication.Value.DefaultScheme;
            // Resolved here, not injected: the cookie options' own setup depends on the GAM options.
            var cookies = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
            if (signIn is not null && cookies.Get(signIn) is { SessionStore: var sessions, Cookie.Name: { } cookie } && ReferenceEquals(sessions, store))
            {
                ForgetCookie(context.HttpContext.Request, cookie);
                if (!store.IsReachable)
                {
                    store.SignInUnavailable();
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.Headers.RetryAfter = "5";
                    context.Response.Headers.CacheControl = "no-store";
                    await context.Response.WriteAsync("Sign-in is unavailable for a moment: the session store cannot be reached. Please try again.").ConfigureAwait(false);
                    context.HandleResponse();
                    return;
                }
            }

            await received(context).ConfigureAwait(false);
        };
    }

    /// <summary>Removes the cookie and its chunks (<c>nameC1</c>, <c>nameC2</c>…) from the request's Cookie header.</summary>
    private static void ForgetCookie(HttpRequest request, string name)
    {
        var kept = request.Headers.Cookie.SelectMany(header => (header ?? string.Empty).Split(';'))
            .Where(pair => pair.Split('=', 2)[0].Trim() is var key && !IsCookieOrChunk(key, name))
            .Select(pair => pair.Trim())
            .Where(pair => pair.Length > 0)
            .ToArray();
        request.Headers.Cookie = kept.Length == 0 ? default : string.Join("; ", kept);
    }

    private static bool IsCookieOrChunk(string key, string name) =>
        key == name || (key.StartsWith(name + "C", StringComparison.Ordinal) && key.Length > name.Length + 1 && key.AsSpan(name.Length + 1).ContainsAnyExceptInRange('0', '9') is false);
}
