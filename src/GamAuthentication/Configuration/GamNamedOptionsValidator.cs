using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Configuration;

/// <summary>The one validation of a named options instance that is not a scheme's (token clients, service and user tokens), naming each bad setting.</summary>
internal sealed class GamNamedOptionsValidator<TOptions>(string name, Func<TOptions, IEnumerable<string>> check) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name1, TOptions options)
    {
        if (!string.Equals(name1 ?? Options.DefaultName, name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>How settings of a named options instance are named in messages: the section's path, else <c>Type[name].</c>.</summary>
    public static string Prefix(IConfiguration? section, string? name) =>
        section is IConfigurationSection { Path.Length: > 0 } s ? s.Path + ":" : $"{typeof(TOptions).Name}[{name}].";
}
