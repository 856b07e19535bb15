
namespace GamAuthentication.Tokens;

/// <summary>What a GAM token endpoint said.</summary>
public enum GamTokenResultStatus
{
    /// <summary>GAM issued a token: <see cref="GamTokenResult.Token"/>.</summary>
    Success = 0,

    /// <summary>
    /// HTTP 202 with GAM code 410 (second factor must be validated) or 400 (a one-time password was sent):
    /// repeat the call with the code, e.g. <see cref="GamTokenClient.CompleteSecondFactorAsync"/>.
    /// </summary>
    SecondFactorRequired = 1,

    /// <summary>GAM refused the request (bad credentials, unknown client, expired refresh token, …): see <see cref="GamTokenResult.Error"/>.</summary>
    Refused = 2,

    /// <summary>GAM could not be reached, timed out, or answered something that is neither a token nor a GAM error.</summary>
    Unavailable = 3,
}

/// <summary>
/// The outcome of a token request: a token, a second-factor request, a refusal carrying GAM's error code and
/// message, or an unavailable IdP. Never contains a secret or password; <see cref="Reason"/> is safe to log.
/// </summary>
public sealed class GamTokenResult
{
    private GamTokenResult(GamTokenResultStatus status, GamToken? token, GamError? error, int? httpStatus, string reason)
    {
        Status = status;
        Token = token;
        Error = error;
        HttpStatus = httpStatus;
        Reason = reason;
    }

    /// <summary>What GAM said.</summary>
    public GamTokenResultStatus Status { get; }

    /// <summary>True when <see cref="Token"/> is set.</summary>
    public bool IsSuccess => Status == GamTokenResultStatus.Success;

    /// <summary>The token, when <see cref="Status"/> is <see cref="GamTokenResultStatus.Success"/>.</summary>
    public GamToken? Token { get; }

    /// <summary>GAM's error (code and message), when GAM sent one.</summary>
    public GamError? Error { get; }

    /// <summary>GAM's error code (e.g. <c>11</c>, <c>410</c>), when GAM sent one.</summary>
    public string? ErrorCode => Error?.Code;

    /// <summary>The HTTP status GAM answered with, when it answered.</summary>
    public int? HttpStatus { get; }

    /// <summary>A description of the outcome that is safe to log and show.</summary>
    public string Reason { get; }

    /// <summary>Returns the token, or throws <see cref="GamAuthenticationException"/> carrying GAM's error code and HTTP status.</summary>
    /// <returns>The token.</returns>
    /// <exception cref="GamAuthenticationException">The request did not produce a token.</exception>
    public GamToken EnsureSuccess() =>
        Token ?? throw new GamAuthenticationException($"GAM did not issue a token: {Reason}.", Error, HttpStatus);

    /// <inheritdoc />
    public override string ToString() => Status == GamTokenResultStatus.Success ? Token!.ToString() : $"{Status}: {Reason}";

    /// <summary>A success carrying <paramref name="token"/>, e.g. one a web-farm coordinator shares between instances.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The result.</returns>
    public static GamTokenResult FromToken(GamToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Success(token, 200);
    }

    internal static GamTokenResult Success(GamToken token, int? httpStatus) => new(GamTokenResultStatus.Success, token, null, httpStatus, "GAM issued a token");

    internal static GamTokenResult SecondFactorRequired(GamError error, int httpStatus) =>
        new(GamTokenResultStatus.SecondFactorRequired, null, error, httpStatus, $"GAM needs a second authentication factor ({error})");

    internal static GamTokenResult Refused(GamError? error, int httpStatus, string reason) => new(GamTokenResultStatus.Refused, null, error, httpStatus, reason);

    internal static GamTokenResult Unavailable(string reason, int? httpStatus = null) => new(GamTokenResultStatus.Unavailable, null, null, httpStatus, reason);

    internal static GamTokenResult Timeout(TimeSpan timeout) =>
        Unavailable(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the GAM token endpoint did not answer within {timeout.TotalSeconds:0.#} s"));
}
