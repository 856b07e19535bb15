using System.Globalization;

namespace GamAuthentication.Samples.Mvc.Session;

/// <summary>The JSON that session.js reads to update the panel.</summary>
public sealed record SessionStatus(
    bool SignedIn,
    bool Ended,
    string? AccessToken,
    double? ExpiresIn,
    double? RefreshIn,
    double? Lifetime,
    string? ExpiresAt,
    bool HasRefreshToken,
    LastRefreshStatus? LastRefresh)
{
    /// <summary>The status of <paramref name="session"/> (not signed in when null).</summary>
    public static SessionStatus From(SessionInfo? session) => session is null
        ? new SessionStatus(false, false, null, null, null, null, null, false, null)
        : new SessionStatus(
            !session.Ended,
            session.Ended,
            session.AccessTokenFingerprint,
            session.ExpiresInSeconds,
            session.RefreshInSeconds,
            session.Lifetime?.TotalSeconds,
            session.ExpiresAt is { } at ? Format(at) : null,
            session.HasRefreshToken,
            session.LastRefresh is { } last ? new LastRefreshStatus(Format(last.At), last.Kind == RefreshKind.Manual ? "manual" : "automatic", last.From, last.To) : null);

    /// <summary>How the panel writes an instant: the UTC time of day, to the second (tokens live minutes or hours, not days).</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>The last refresh, as session.js shows it.</summary>
public sealed record LastRefreshStatus(string At, string Kind, string From, string To);
