namespace GamAuthentication.Emulator;

/// <summary>An API key of a user for all clients that allow API keys.</summary>
public sealed class GamEmulatorApiKey
{
    /// <summary>The key sent as <c>api_key</c>.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Scopes frozen into the key, <c>+</c>-joined, e.g. <c>gam_user_data+gam_user_roles</c>.</summary>
    public string Scopes { get; set; } = GamEmulatorDefaults.DefaultScopes;

    /// <summary>When the key stops working; <see langword="null"/> = never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
