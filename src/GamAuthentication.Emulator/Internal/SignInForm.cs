using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

/// <summary>
/// The posted sign-in page, shared by GAM's <c>oauth/gam/signin</c> and the OpenID Connect authorization
/// endpoint: checks the user name and password, runs the second factor, and hands the signed-in user to
/// the endpoint's own completion (which redirects with a code). Failures render the page again.
/// </summary>
internal sealed class SignInForm(GamEmulator emulator)
{
    public async Task PostAsync(
        HttpContext context,
        RequestParameters parameters,
        AuthorizeRequest request,
        Func<HttpContext, AuthorizeRequest, GamEmulatorUser, Task> complete)
    {
        var client = request.Client;
        var ticket = parameters["login_ticket"];
        if (!string.IsNullOrEmpty(ticket))
        {
            var otpError = emulator.CompleteSecondFactor(ticket, null, client.ClientId, parameters["otp"], out var verified);
            if (otpError == GamError.OneTimePasswordInvalid)
            {
                await HtmlPages.WriteSecondFactorAsync(context, request, ticket, "Invalid one-time password.").ConfigureAwait(false);
            }
            else if (otpError is not null)
            {
                await HtmlPages.WriteSignInAsync(context, emulator, request, "The second factor was not validated in time. Sign in again.", string.Empty).ConfigureAwait(false);
            }
            else
            {
                await complete(context, request, verified!).ConfigureAwait(false);
            }

            return;
        }

        var userName = parameters["username"];
        var user = emulator.FindUser(userName);
        if (user is null || !GamEmulator.PasswordMatches(parameters["password"], user.Password))
        {
            await HtmlPages.WriteSignInAsync(context, emulator, request, "Invalid user name or password.", userName).ConfigureAwait(false);
            return;
        }

        if (!user.IsActive)
        {
            await HtmlPages.WriteSignInAsync(context, emulator, request, "The user is not active.", userName).ConfigureAwait(false);
            return;
        }

        if (user.RequireSecondFactor)
        {
            var newTicket = emulator.StartSecondFactor(user, client.ClientId, ticket: true);
            await HtmlPages.WriteSecondFactorAsync(context, request, newTicket, error: null).ConfigureAwait(false);
            return;
        }

        await complete(context, request, user).ConfigureAwait(false);
    }
}
