namespace GamAuthentication.Emulator;

/// <summary>
/// Demo data of the emulator, applied when no users (or no clients) are configured, and default
/// values of <see cref="GamEmulatorOptions"/>.
/// </summary>
public static class GamEmulatorDefaults
{
    /// <summary>Default path prefix of <see cref="Microsoft.AspNetCore.Builder.GamEmulatorEndpointRouteBuilderExtensions.MapGamEmulator"/>: <c>/gam</c>.</summary>
    public const string PathPrefix = "/gam";

    /// <summary>Default path prefix of <see cref="Microsoft.AspNetCore.Builder.GamEmulatorEndpointRouteBuilderExtensions.MapGamOpenIdConnectEmulator"/>: <c>/oidc/2</c>, as OneLogin's.</summary>
    public const string OpenIdConnectPathPrefix = "/oidc/2";

    /// <summary>Default repository GUID.</summary>
    public const string RepositoryGuid = "5b9c1f0e-7a4d-4c38-9e61-2f8a3d5c7b90";

    /// <summary>Scopes granted when a request names none: <c>gam_user_data+gam_user_roles</c>.</summary>
    public const string DefaultScopes = "gam_user_data+gam_user_roles";

    /// <summary>Client ID of the demo confidential web client.</summary>
    public const string ClientId = "sample-client";

    /// <summary>Client secret of the demo confidential web client.</summary>
    public const string ClientSecret = "sample-secret";

    /// <summary>First registered callback URL of the demo client.</summary>
    public const string RedirectUri = "http://localhost:5080/signin-gam";

    /// <summary>Second registered callback URL of the demo client.</summary>
    public const string HttpsRedirectUri = "https://localhost:5081/signin-gam";

    /// <summary>First registered post-logout redirect URL of the demo clients (the samples' sign-out callback).</summary>
    public const string PostLogoutRedirectUri = "http://localhost:5080/signout-callback-gam";

    /// <summary>Second registered post-logout redirect URL of the demo clients.</summary>
    public const string HttpsPostLogoutRedirectUri = "https://localhost:5081/signout-callback-gam";

    /// <summary>Client ID of the demo public client (Globant Enterprise AI style, no secret).</summary>
    public const string PublicClientId = "geai-client";

    /// <summary>User name of the demo user.</summary>
    public const string DemoUserName = "demo";

    /// <summary>Password of the demo user.</summary>
    public const string DemoPassword = "demo";

    /// <summary>GUID of the demo user.</summary>
    public const string DemoUserGuid = "0c4e6b2a-8f1d-4a3b-9c5e-1d2f3a4b5c61";

    /// <summary>API key of the demo user.</summary>
    public const string DemoApiKey = "demo-api-key";

    /// <summary>Scopes frozen into <see cref="DemoApiKey"/>.</summary>
    public const string DemoApiKeyScopes = "gam_user_data+gam_user_roles";

    /// <summary>User name of the demo administrator.</summary>
    public const string AdminUserName = "admin";

    /// <summary>Password of the demo administrator.</summary>
    public const string AdminPassword = "admin";

    /// <summary>GUID of the demo administrator.</summary>
    public const string AdminUserGuid = "1a7d3e9b-2c4f-4e6a-8b1d-3f5a7c9e1b72";

    /// <summary>User name of the demo user who needs a second factor.</summary>
    public const string OtpUserName = "otp";

    /// <summary>Password (first factor) of the second-factor demo user.</summary>
    public const string OtpPassword = "otp";

    /// <summary>One-time password (second factor) of the second-factor demo user.</summary>
    public const string OtpCode = "123456";

    /// <summary>GUID of the second-factor demo user.</summary>
    public const string OtpUserGuid = "2b8e4fac-3d5a-4f7b-9c2e-4a6b8d0f2c83";

    /// <summary>Creates new instances of the demo users <c>demo</c>, <c>admin</c> and <c>otp</c>.</summary>
    /// <returns>A new list.</returns>
    public static List<GamEmulatorUser> CreateUsers() =>
    [
        new GamEmulatorUser
        {
            Guid = DemoUserGuid,
            UserName = DemoUserName,
            Password = DemoPassword,
            Email = "demo@example.com",
            EmailVerified = true,
            FirstName = "Demo",
            LastName = "User",
            ExternalId = "demo-ext-1001",
            Birthday = "1990-05-17",
            Gender = "N",
            Phone = "+598 2901 0000",
            City = "Montevideo",
            Language = "en",
            Timezone = "America/Montevideo",
            CustomInfo = "{\"Department\":\"Sales\"}",
            Roles = ["User"],
            Attributes = [new GamEmulatorAttribute { Id = "EmployeeID", Value = "1001" }],
            ApiKeys = [new GamEmulatorApiKey { Key = DemoApiKey, Scopes = DemoApiKeyScopes }],
        },
        new GamEmulatorUser
        {
            Guid = AdminUserGuid,
            UserName = AdminUserName,
            Password = AdminPassword,
            Email = "admin@example.com",
            EmailVerified = true,
            FirstName = "Administrator",
            LastName = "User",
            ExternalId = "admin-ext-1",
            Gender = "N",
            Language = "en",
            Timezone = "UTC",
            Roles = ["Administrator", "User"],
        },
        new GamEmulatorUser
        {
            Guid = OtpUserGuid,
            UserName = OtpUserName,
            Password = OtpPassword,
            Email = "otp@example.com",
            EmailVerified = true,
            FirstName = "Otp",
            LastName = "User",
            Roles = ["User"],
            RequireSecondFactor = true,
            OneTimePassword = OtpCode,
        },
    ];

    /// <summary>Creates new instances of the demo clients <c>sample-client</c> and <c>geai-client</c>.</summary>
    /// <returns>A new list.</returns>
    public static List<GamEmulatorClient> CreateClients() =>
    [
        new GamEmulatorClient
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            RedirectUris = [RedirectUri, HttpsRedirectUri],
            PostLogoutRedirectUris = [PostLogoutRedirectUri, HttpsPostLogoutRedirectUri],
        },
        new GamEmulatorClient
        {
            ClientId = PublicClientId,
            ClientSecret = null,
            RedirectUris = [RedirectUri, HttpsRedirectUri],
            PostLogoutRedirectUris = [PostLogoutRedirectUri, HttpsPostLogoutRedirectUri],
        },
    ];
}
