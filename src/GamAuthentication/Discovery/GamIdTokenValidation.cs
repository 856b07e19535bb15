namespace GamAuthentication.Discovery;

/// <summary>What id_token validation found: the token's subject, or why it is not valid.</summary>
public sealed class GamIdTokenValidation
{
    private GamIdTokenValidation(string? subject, string? failure)
    {
        Subject = subject;
        Failure = failure;
    }

    /// <summary>True when the token is valid.</summary>
    public bool IsValid => Failure is null;

    /// <summary>The token's <c>sub</c>, when valid.</summary>
    public string? Subject { get; }

    /// <summary>Why the token is not valid (safe to show: never the token).</summary>
    public string? Failure { get; }

    /// <summary>A valid token.</summary>
    /// <param name="subject">Its <c>sub</c>.</param>
    /// <returns>The result.</returns>
    public static GamIdTokenValidation Valid(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return new(subject, null);
    }

    /// <summary>A token that is not valid.</summary>
    /// <param name="failure">Why (never the token).</param>
    /// <returns>The result.</returns>
    public static GamIdTokenValidation Invalid(string failure)
    {
        ArgumentException.ThrowIfNullOrEmpty(failure);
        return new(null, failure);
    }
}
