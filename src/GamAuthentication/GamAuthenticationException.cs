
namespace GamAuthentication;

/// <summary>
/// A sign-in or token call that GAM refused or could not answer. The message names GAM's error code and
/// never contains a token, authorization code, secret or password.
/// </summary>
public sealed class GamAuthenticationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GamAuthenticationException()
        : base("GAM authentication failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A safe description.</param>
    public GamAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A safe description.</param>
    /// <param name="innerException">The cause.</param>
    public GamAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from GAM's answer.</summary>
    /// <param name="message">A safe description.</param>
    /// <param name="error">GAM's error, when it sent one.</param>
    /// <param name="statusCode">The HTTP status GAM answered with, when it answered.</param>
    public GamAuthenticationException(string message, GamError? error, int? statusCode)
        : base(message)
    {
        Error = error;
        StatusCode = statusCode;
    }

    /// <summary>GAM's error (code and message), when GAM sent one.</summary>
    public GamError? Error { get; }

    /// <summary>GAM's error code, e.g. <c>103</c>, when GAM sent one.</summary>
    public string? ErrorCode => Error?.Code;

    /// <summary>The HTTP status GAM answered with, when it answered.</summary>
    public int? StatusCode { get; }
}
