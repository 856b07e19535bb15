namespace GamAuthentication.Samples.Mvc.Session;

/// <summary>A one-time message shown on the next page (TempData).</summary>
public static class Flash
{
    /// <summary>The TempData key.</summary>
    public const string Key = "Flash";
}
