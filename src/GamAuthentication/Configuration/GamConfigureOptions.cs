using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Configuration;

/// <summary>
/// Binds one options type from configuration with its <see cref="GamBindingMap{TOptions}"/>: the scheme's section
/// <c>Authentication:Schemes:{name}</c>, or a section the application gave for one name. Runs before the options
/// delegates given in code, so code wins. What cannot be bound (a bad value, an unknown key) is kept on the options
/// and reported by their validation, with every other problem.
/// </summary>
internal class GamConfigureOptions<TOptions>(Func<string, IConfiguration?> sectionOf, GamBindingMap<TOptions> map) : IConfigureNamedOptions<TOptions>
    where TOptions : class, IGamConfiguredOptions
{
    public void Configure(TOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (sectionOf(name ?? Options.DefaultName) is { } section && section.GetChildren().Any())
        {
            map.Bind(section, options, options.ConfigurationProblems);
        }
    }
}

/// <summary>Binds a scheme's options from <c>Authentication:Schemes:{scheme}</c>, as the framework's JwtBearer does.</summary>
internal sealed class GamSchemeConfigureOptions<TOptions>(IAuthenticationConfigurationProvider configuration, GamBindingMap<TOptions> map)
    : GamConfigureOptions<TOptions>(name => name.Length == 0 ? null : configuration.AuthenticationConfiguration.GetSection("Schemes:" + name), map)
    where TOptions : class, IGamConfiguredOptions;

/// <summary>Options that keep what their configuration binding could not use, for their validation to report.</summary>
internal interface IGamConfiguredOptions
{
    List<string> ConfigurationProblems { get; }
}
