using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GamAuthentication.Testing;

/// <summary>
/// The records of a <see cref="FakeLogCollector"/> (<c>AddFakeLogging()</c>) as lines of text, so a test can look for
/// a text wherever a record carries it: a check that a secret was never logged must read the structured values and
/// the exception as well as the message.
/// </summary>
public static class LogCollectorExtensions
{
    /// <summary>
    /// Every record so far, one line each: <c>{Level} {Category}: {Message} | {name}={value}, … | {Exception}</c>
    /// (the state's values, each as its <see cref="object.ToString"/> gives it, and the exception, when the record has them).
    /// </summary>
    /// <param name="logs">The collector.</param>
    /// <returns>The lines, oldest first.</returns>
    public static IReadOnlyList<string> Lines(this FakeLogCollector logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return logs.GetSnapshot().Select(ToLine).ToArray();
    }

    /// <summary>The lines (see <see cref="Lines(FakeLogCollector)"/>) of the records logged at exactly <paramref name="level"/>.</summary>
    /// <param name="logs">The collector.</param>
    /// <param name="level">The level.</param>
    /// <returns>The lines, oldest first.</returns>
    public static IReadOnlyList<string> Lines(this FakeLogCollector logs, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return logs.GetSnapshot().Where(r => r.Level == level).Select(ToLine).ToArray();
    }

    private static string ToLine(FakeLogRecord record)
    {
        var line = $"{record.Level} {record.Category}: {record.Message}";
        // The state as the logger received it, collection values expanded (e.g. the header values in the state of
        // HttpClient's trace records), so a credential anywhere in it shows.
        if (record.StructuredState is { Count: > 0 } values)
        {
            line += " | " + string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"));
        }

        if (record.Exception is not null)
        {
            line += " | " + record.Exception;
        }

        return line;
    }
}
