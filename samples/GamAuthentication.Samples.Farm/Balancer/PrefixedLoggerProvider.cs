namespace GamAuthentication.Samples.Farm.Balancer;

/// <summary>Writes the balancer's log lines to the launcher's log with a <c>[balancer]</c> prefix.</summary>
internal sealed class PrefixedLoggerProvider(string name, Action<string> log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new PrefixedLogger(name, log);

    public void Dispose()
    {
    }

    private sealed class PrefixedLogger(string name, Action<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log($"[{name}] {logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}");
            }
        }
    }
}
