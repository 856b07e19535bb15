using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Configuration;

/// <summary>
/// Checks every GAM options instance the app registered (each scheme of <c>AddGam()</c> and <c>AddGamBearer()</c>, each
/// token client, service-token and user-token client) when the host starts, and reports every failure of all of them
/// in one <see cref="OptionsValidationException"/>: a first deployment with three mistakes learns of all three at once.
/// Each options type keeps its own single validation; this only collects what they say.
/// </summary>
internal static class GamStartupValidation
{
    /// <summary>Adds an options instance to the start-up check (once per type and name).</summary>
    public static void Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services, string name)
        where TOptions : class
    {
        services.AddSingleton(new GamValidatedOptions(typeof(TOptions), name, static (sp, n) => sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(n)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GamStartupCheck>, GamStartupValidator>());
        services.AddOptions<GamStartupCheck>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, Diagnostics.GamStartupAnnouncement>());
    }
}

/// <summary>One options instance the start-up check builds.</summary>
internal sealed record GamValidatedOptions(Type OptionsType, string Name, Func<IServiceProvider, string, object> Build);

/// <summary>The options type the start-up check runs under: it has no settings of its own.</summary>
internal sealed class GamStartupCheck;

/// <summary>Builds each registered options instance, collecting the failures instead of stopping at the first.</summary>
internal sealed class GamStartupValidator(IServiceProvider services, IEnumerable<GamValidatedOptions> registered) : IValidateOptions<GamStartupCheck>
{
    public ValidateOptionsResult Validate(string? name, GamStartupCheck options)
    {
        var failures = new List<string>();
        var signIns = new List<(string Scheme, GamOptions Options)>();
        foreach (var entry in registered.DistinctBy(e => (e.OptionsType, e.Name)))
        {
            try
            {
                if (entry.Build(services, entry.Name) is GamOptions gam)
                {
                    signIns.Add((entry.Name, gam));
                }
            }
            catch (OptionsValidationException ex)
            {
                failures.AddRange(ex.Failures);
            }
        }

        CheckPathsAreDistinct(failures, signIns);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.Distinct(StringComparer.Ordinal));
    }

    /// <summary>
    /// Two sign-in schemes on one callback path would each take the other's callbacks, and every sign-in of the second
    /// would fail with "the state was missing or invalid": say so at start-up instead.
    /// </summary>
    private static void CheckPathsAreDistinct(List<string> failures, List<(string Scheme, GamOptions Options)> signIns)
    {
        var paths = signIns
            .SelectMany(s => new[] { (s.Scheme, Setting: nameof(GamOptions.CallbackPath), Path: s.Options.CallbackPath), (s.Scheme, Setting: nameof(GamOptions.SignedOutCallbackPath), Path: s.Options.SignedOutCallbackPath) })
            .Where(p => p.Path.HasValue);
        foreach (var shared in paths.GroupBy(p => p.Path.Value!, StringComparer.OrdinalIgnoreCase).Where(g => g.Select(p => p.Scheme).Distinct(StringComparer.Ordinal).Count() > 1))
        {
            var users = string.Join(", ", shared.Select(p => $"{GamDefaults.ConfigurationSectionPrefix}{p.Scheme}:{p.Setting}"));
            failures.Add($"GAM: the path {shared.Key} is used by more than one sign-in scheme ({users}); give each AddGam() scheme its own CallbackPath and SignedOutCallbackPath.");
        }
    }
}
