using GamAuthentication;
using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);

// No GAM configured in Development: sign in against the GAM emulator mounted in this app at /gam
// (users demo/demo and admin/admin). Set Authentication:Schemes:Gam:Authority to use your GAM instead.
var useEmulator = builder.Environment.IsDevelopment()
    && string.IsNullOrEmpty(builder.Configuration["Authentication:Schemes:Gam:Authority"]);
if (useEmulator)
{
    builder.Services.AddGamEmulator();
}

builder.Services.AddControllersWithViews();
builder.Services
    .AddAuthentication(options =>
    {
        options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = GamDefaults.AuthenticationScheme; // "Gam"
    })
    .AddCookie()
    .AddGam(options =>
    {
        // Everything else binds from Authentication:Schemes:Gam (appsettings.json, user secrets, environment).
        if (useEmulator)
        {
            options.Authority = GamEmulatorUrls.AuthorityFor(builder.Configuration, "http://localhost:5000");
            options.ClientId = GamEmulatorDefaults.ClientId;
            options.ClientSecret = GamEmulatorDefaults.ClientSecret;

            // Development runs on plain http: the correlation cookie is Secure and SameSite=None by default, which
            // a browser drops over http. The GAM callback is a top-level GET redirect, so Lax still carries it.
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        }
    });

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}

app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

if (useEmulator)
{
    app.MapGamEmulator("/gam");
}

app.MapStaticAssets();
app.MapControllers().WithStaticAssets();

app.Run();
