using GamAuthentication.Emulator.Internal;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Emulator;

// What the emulator logs: the codes and tokens it issued (by user and client), code replays, rejected requests.
public sealed partial class GamEmulator
{
    internal void LogRejected(string endpoint, GamError error) => LogRequestRejected(_logger, endpoint, error.Code, error.Message);

    internal void LogRejected(string endpoint, string error, string description) => LogRequestRejected(_logger, endpoint, error, description);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "GAM emulator issued an authorization code for user {UserName} and client {ClientId}")]
    private static partial void LogCodeIssued(ILogger logger, string userName, string clientId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "GAM emulator issued a token for user {UserName} and client {ClientId} ({Grant})")]
    private static partial void LogTokenIssued(ILogger logger, string userName, string clientId, string grant);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "GAM emulator saw an authorization code of user {UserName} and client {ClientId} used twice: the login issued from it is ended")]
    private static partial void LogCodeReplayed(ILogger logger, string userName, string clientId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "GAM emulator rejected a {Endpoint} request with error {Code}: {Message}")]
    private static partial void LogRequestRejected(ILogger logger, string endpoint, string code, string message);
}
