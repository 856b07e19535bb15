using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Emulator.Internal;

/// <summary>Binds the <c>GamEmulator</c> section when an <see cref="IConfiguration"/> is registered.</summary>
internal sealed class GamEmulatorBindOptions(IServiceProvider services) : IConfigureOptions<GamEmulatorOptions>
{
    public void Configure(GamEmulatorOptions options)
    {
        var configuration = services.GetService(typeof(IConfiguration)) as IConfiguration;
        configuration?.GetSection(GamEmulatorOptions.SectionName).Bind(options);
    }
}

/// <summary>Adds demo data to empty user/client lists and derives missing user GUIDs.</summary>
internal sealed class GamEmulatorPostConfigureOptions : IPostConfigureOptions<GamEmulatorOptions>
{
    public void PostConfigure(string? name, GamEmulatorOptions options)
    {
        options.Users ??= [];
        options.Clients ??= [];
        options.OpenIdConnect ??= new GamEmulatorOpenIdConnectOptions();
        if (options.Users.Count == 0)
        {
            options.Users.AddRange(GamEmulatorDefaults.CreateUsers());
        }

        if (options.Clients.Count == 0)
        {
            options.Clients.AddRange(GamEmulatorDefaults.CreateClients());
        }

        foreach (var user in options.Users)
        {
            if (user is not null && string.IsNullOrEmpty(user.Guid) && !string.IsNullOrEmpty(user.UserName))
            {
                user.Guid = StableGuid(user.UserName);
            }
        }
    }

    /// <summary>A GUID derived from the user name, so restarts keep the same GUID.</summary>
    private static string StableGuid(string userName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("gam-emulator-user:" + userName.ToUpperInvariant()));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}

/// <summary>Validates <see cref="GamEmulatorOptions"/> with messages naming the setting.</summary>
internal sealed class GamEmulatorValidateOptions : IValidateOptions<GamEmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, GamEmulatorOptions options)
    {
        var errors = new List<string>();
        if (options.AccessTokenLifetimeSeconds < 0)
        {
            errors.Add("GamEmulator:AccessTokenLifetimeSeconds must be 0 (never expires) or positive.");
        }

        if (options.MaxTokenRenewals is < 0 or > 999)
        {
            errors.Add("GamEmulator:MaxTokenRenewals must be between 0 (no refresh token) and 999.");
        }

        if (options.AuthorizationCodeLifetimeSeconds <= 0)
        {
            errors.Add("GamEmulator:AuthorizationCodeLifetimeSeconds must be positive (GAM does not allow 0).");
        }

        if (options.RefreshTokenLifetimeMinutes <= 0)
        {
            errors.Add("GamEmulator:RefreshTokenLifetimeMinutes must be positive (GAM does not allow 0).");
        }

        if (options.SecondFactorWindowSeconds <= 0)
        {
            errors.Add("GamEmulator:SecondFactorWindowSeconds must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.RepositoryGuid) || options.RepositoryGuid.Contains('!', StringComparison.Ordinal))
        {
            errors.Add("GamEmulator:RepositoryGuid must be a non-empty value without '!'.");
        }

        if (options.ExpiredTokenStatusCode is not (401 or 403))
        {
            errors.Add("GamEmulator:ExpiredTokenStatusCode must be 401 or 403.");
        }

        if (options.OpenIdConnect is { } oidc)
        {
            if (oidc.IdTokenLifetimeSeconds <= 0)
            {
                errors.Add("GamEmulator:OpenIdConnect:IdTokenLifetimeSeconds must be positive.");
            }

            if (oidc.Issuer is { Length: > 0 } issuer
                && (!Uri.TryCreate(issuer, UriKind.Absolute, out var parsed)
                    || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
                    || !string.IsNullOrEmpty(parsed.Query)
                    || !string.IsNullOrEmpty(parsed.Fragment)))
            {
                errors.Add($"GamEmulator:OpenIdConnect:Issuer '{issuer}' must be an absolute http(s) URL without query or fragment.");
            }
        }

        ValidateUsers(options.Users, errors);
        ValidateClients(options.Clients, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateUsers(List<GamEmulatorUser>? users, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var guids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (users?.Count ?? 0); i++)
        {
            var user = users![i];
            if (user is null || string.IsNullOrWhiteSpace(user.UserName))
            {
                errors.Add($"GamEmulator:Users:{i}:UserName is required.");
                continue;
            }

            if (!names.Add(user.UserName))
            {
                errors.Add($"GamEmulator:Users:{i}:UserName '{user.UserName}' is used by more than one user.");
            }

            if (!guids.Add(user.Guid))
            {
                errors.Add($"GamEmulator:Users:{i}:Guid '{user.Guid}' is used by more than one user.");
            }

            if (user.RequireSecondFactor && string.IsNullOrEmpty(user.OneTimePassword))
            {
                errors.Add($"GamEmulator:Users:{i}:OneTimePassword is required when RequireSecondFactor is true.");
            }

            foreach (var key in user.ApiKeys ?? [])
            {
                if (key is null || string.IsNullOrEmpty(key.Key))
                {
                    errors.Add($"GamEmulator:Users:{i}:ApiKeys: every API key needs a Key.");
                }
                else if (!keys.Add(key.Key))
                {
                    errors.Add($"GamEmulator:Users:{i}:ApiKeys: an API key is used more than once.");
                }
            }
        }
    }

    private static void ValidateClients(List<GamEmulatorClient>? clients, List<string> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (clients?.Count ?? 0); i++)
        {
            var client = clients![i];
            if (client is null || string.IsNullOrWhiteSpace(client.ClientId))
            {
                errors.Add($"GamEmulator:Clients:{i}:ClientId is required.");
                continue;
            }

            if (!ids.Add(client.ClientId))
            {
                errors.Add($"GamEmulator:Clients:{i}:ClientId '{client.ClientId}' is used by more than one client.");
            }

            foreach (var uri in (client.RedirectUris ?? []).Concat(client.PostLogoutRedirectUris ?? []))
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Fragment))
                {
                    errors.Add($"GamEmulator:Clients:{i} ('{client.ClientId}'): '{uri}' is not an absolute URI without fragment.");
                }
            }
        }
    }
}
