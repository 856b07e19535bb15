namespace GamAuthentication;

/// <summary>
/// Learns that a user signs out through a GAM scheme (<c>SignOutAsync("Gam")</c>), after the local sign-out and
/// before the browser is sent to GAM's sign-out. Features that keep state about a user's tokens register one:
/// <c>AddGamBearer()</c> revokes the token in this app's bearer cache; a web-farm package can tell the other
/// instances. Register with <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IGamSignOutListener, T&gt;())</c>.
/// A listener that throws is logged and does not stop the sign-out.
/// </summary>
public interface IGamSignOutListener
{
    /// <summary>Called once per sign-out.</summary>
    /// <param name="context">Who signs out, with which token.</param>
    /// <returns>A task.</returns>
    Task SigningOutAsync(GamSignOutContext context);
}
