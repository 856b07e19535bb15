using GamAuthentication.Protocol;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Bearer;

/// <summary>
/// The one validation of <see cref="GamBearerOptions"/>, with messages that name each bad setting and its
/// configuration key. The framework runs it when it builds a scheme's options (<see cref="GamBearerOptions.Validate(string)"/>),
/// and at start-up for every scheme at once.
/// </summary>
internal static class GamBearerOptionsValidator
{
    /// <summary>Throws <see cref="OptionsValidationException"/> naming every problem of the options.</summary>
    public static void ThrowIfInvalid(GamBearerOptions options, string? scheme)
    {
        var failures = Check(options, scheme);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(scheme ?? Options.DefaultName, typeof(GamBearerOptions), failures);
        }
    }

    internal static List<string> Check(GamBearerOptions options, string? scheme)
    {
        var prefix = Prefix(scheme);
        var failures = new List<string>(options.ConfigurationProblems);
        if (options.EnableDistributedCache == true && !options.DistributedCacheRegistered)
        {
            failures.Add($"GAM bearer: EnableDistributedCache ({prefix}EnableDistributedCache) is true but no IDistributedCache is registered; add one (e.g. AddStackExchangeRedisCache) or leave the setting unset.");
        }

        if (options.EndpointProfile == GamEndpointProfile.OpenIdConnect)
        {
            Discovery.GamDiscovery.Check(failures, prefix, options.Authority, options.MetadataAddress, options.RequireHttpsEndpoints, options.OpenIdConnectProvider is not null,
                providerNeeded: string.IsNullOrWhiteSpace(options.UserInformationEndpoint), ("UserInformationEndpoint", options.UserInformationEndpoint));
        }
        else
        {
            GamOptionsValidator.CheckEndpoints(failures, prefix, options.Authority, options.RequireHttpsEndpoints,
                ("UserInformationEndpoint", options.UserInformationEndpoint));
        }

        if (!Enum.IsDefined(options.EndpointProfile))
        {
            failures.Add($"GAM bearer: EndpointProfile ({prefix}EndpointProfile) must be WebIdp, RestIdp, GlobantEnterpriseAI or OpenIdConnect.");
        }

        if (options.UserInformationTokenStyle is { } style && !Enum.IsDefined(style))
        {
            failures.Add($"GAM bearer: UserInformationTokenStyle ({prefix}UserInformationTokenStyle) must be Raw, OAuth, Bearer or FormPost.");
        }

        if (options.BackchannelHttpHandler is { } handler && GamBackchannel.FollowsRedirects(handler))
        {
            failures.Add(GamBackchannel.FollowsRedirectsMessage(prefix));
        }

        if (options.AdditionalTokenCharacters is { Length: > 0 } extra && extra.AsSpan().ContainsAnyExceptInRange('\u0021', '\u007E'))
        {
            failures.Add($"GAM bearer: AdditionalTokenCharacters ({prefix}AdditionalTokenCharacters) may hold only visible ASCII characters (no spaces, control or non-ASCII characters).");
        }

        Positive(failures, prefix, nameof(options.MaxResponseBytes), options.MaxResponseBytes);
        Positive(failures, prefix, nameof(options.MaxTokenLength), options.MaxTokenLength);
        Positive(failures, prefix, nameof(options.MemoryCacheSizeLimit), options.MemoryCacheSizeLimit);
        Positive(failures, prefix, nameof(options.BackchannelTimeout), options.BackchannelTimeout);
        Positive(failures, prefix, nameof(options.DistributedCacheTimeout), options.DistributedCacheTimeout);
        NotNegative(failures, prefix, nameof(options.CacheDuration), options.CacheDuration);
        NotNegative(failures, prefix, nameof(options.NegativeCacheDuration), options.NegativeCacheDuration);
        NotNegative(failures, prefix, nameof(options.DistributedCacheFailureBackoff), options.DistributedCacheFailureBackoff);
        NotNegative(failures, prefix, nameof(options.UnavailableRetryAfter), options.UnavailableRetryAfter);
        return failures;
    }

    private static string Prefix(string? scheme) => GamDefaults.ConfigurationSectionPrefix + (scheme ?? "{scheme}") + ":";

    private static void Positive(List<string> failures, string prefix, string name, long value)
    {
        if (value <= 0)
        {
            failures.Add($"GAM bearer: {name} ({prefix}{name}) must be greater than zero.");
        }
    }

    private static void Positive(List<string> failures, string prefix, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"GAM bearer: {name} ({prefix}{name}) must be greater than zero.");
        }
    }

    private static void NotNegative(List<string> failures, string prefix, string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"GAM bearer: {name} ({prefix}{name}) must not be negative.");
        }
    }
}
