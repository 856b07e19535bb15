using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using GamAuthentication.Emulator.Internal;

namespace GamAuthentication.Emulator;

// The repository's users, their API keys and the client applications, and the checks of their credentials.
public sealed partial class GamEmulator
{
    private readonly ConcurrentDictionary<string, GamEmulatorUser> _usersByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, GamEmulatorClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (GamEmulatorUser User, GamEmulatorApiKey Key)> _apiKeys = new(StringComparer.Ordinal);

    /// <summary>Adds (or replaces, by user name) a user at run time.</summary>
    /// <param name="user">The user; a missing GUID is not derived here, so set <see cref="GamEmulatorUser.Guid"/>.</param>
    public void AddUser(GamEmulatorUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(user.UserName);
        _usersByName[user.UserName] = user;
        foreach (var key in user.ApiKeys ?? [])
        {
            if (!string.IsNullOrEmpty(key?.Key))
            {
                _apiKeys[key.Key] = (user, key);
            }
        }
    }

    /// <summary>Adds (or replaces, by client ID) a client application at run time.</summary>
    /// <param name="client">The client.</param>
    public void AddClient(GamEmulatorClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(client.ClientId);
        _clients[client.ClientId] = client;
    }

    internal GamEmulatorUser? FindUser(string? userName) =>
        !string.IsNullOrEmpty(userName) && _usersByName.TryGetValue(userName, out var user) ? user : null;

    internal GamEmulatorClient? FindClient(string? clientId) =>
        !string.IsNullOrEmpty(clientId) && _clients.TryGetValue(clientId, out var client) ? client : null;

    /// <summary>The client a request names in <paramref name="clientId"/>; fails when it is empty or unknown.</summary>
    internal bool TryGetClient(string clientId, [NotNullWhen(true)] out GamEmulatorClient? client, [NotNullWhen(false)] out GamError? error)
    {
        client = FindClient(clientId);
        error = clientId.Length == 0 ? GamError.MissingParameter("client_id") : client is null ? GamError.ClientNotFound : null;
        return error is null;
    }

    internal (GamEmulatorUser User, GamEmulatorApiKey Key)? FindApiKey(string apiKey) =>
        _apiKeys.TryGetValue(apiKey, out var found) ? found : null;

    internal bool IsRepository(string repository) =>
        string.Equals(repository.Trim(), Options.RepositoryGuid, StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks the client secret. Public clients need none; PKCE logins may omit it unless required by options.</summary>
    internal GamError? CheckClientSecret(GamEmulatorClient client, string provided, bool pkceLogin)
    {
        if (string.IsNullOrEmpty(client.ClientSecret))
        {
            return null;
        }

        if (string.IsNullOrEmpty(provided))
        {
            return pkceLogin && !Options.RequireClientSecretWithPkce ? null : GamError.ClientSecretMissing;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(client.ClientSecret))
            ? null
            : GamError.ClientSecretInvalid;
    }

    internal static bool PasswordMatches(string provided, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? string.Empty), Encoding.UTF8.GetBytes(expected ?? string.Empty));
}
