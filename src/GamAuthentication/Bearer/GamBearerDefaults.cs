namespace GamAuthentication.Bearer;

/// <summary>Default values of the GAM bearer handler (<c>AddGamBearer()</c>).</summary>
public static class GamBearerDefaults
{
    /// <summary>The default scheme of <c>AddGamBearer()</c>: <c>GamBearer</c>.</summary>
    public const string AuthenticationScheme = "GamBearer";

    /// <summary>The default display name of <c>AddGamBearer()</c>.</summary>
    public const string DisplayName = "GAM access tokens";
}
