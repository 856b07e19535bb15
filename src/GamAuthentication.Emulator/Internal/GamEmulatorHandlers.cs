using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

/// <summary>The HTTP side of the emulator's GAM routes: one partial file per route family.</summary>
internal sealed partial class GamEmulatorHandlers(GamEmulator emulator)
{
    private readonly SignInForm _signIn = new(emulator);

    private string Realm(HttpContext context) =>
        emulator.Options.Realm is { Length: > 0 } realm ? realm : context.Request.Host.HasValue ? context.Request.Host.Value! : "localhost";
}
