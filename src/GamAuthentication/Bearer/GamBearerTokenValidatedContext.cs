using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Bearer;

/// <summary>
/// The context of <see cref="GamBearerEvents.OnTokenValidated"/>. <see cref="ResultContext{TOptions}.Principal"/>
/// is a fresh principal for this request only: add claims or identities to it freely, or call
/// <see cref="ResultContext{TOptions}.Fail(string)"/> to reject the token (401 <c>invalid_token</c>).
/// </summary>
public sealed class GamBearerTokenValidatedContext : ResultContext<GamBearerOptions>
{
    private readonly GamBearerToken _token;
    private string? _value;

    /// <summary>Creates the context (for tests of event handlers; the handler creates it per request).</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="principal">The principal built from GAM's userinfo.</param>
    /// <param name="accessToken">The access token.</param>
    /// <param name="tokenSource">Where the answer came from.</param>
    public GamBearerTokenValidatedContext(HttpContext context, AuthenticationScheme scheme, GamBearerOptions options, ClaimsPrincipal principal, string accessToken, GamBearerTokenSource tokenSource)
        : this(context, scheme, options, principal, GamBearerToken.Whole(accessToken ?? throw new ArgumentNullException(nameof(accessToken))), tokenSource)
    {
    }

    internal GamBearerTokenValidatedContext(HttpContext context, AuthenticationScheme scheme, GamBearerOptions options, ClaimsPrincipal principal, GamBearerToken token, GamBearerTokenSource tokenSource)
        : base(context, scheme, options)
    {
        Principal = principal;
        _token = token;
        TokenSource = tokenSource;
    }

    /// <summary>The access token of the request.</summary>
    public string AccessToken => _value ??= _token.Value;

    /// <summary>Where the answer came from: the in-memory cache, the distributed cache or GAM itself.</summary>
    public GamBearerTokenSource TokenSource { get; }
}
