using System.Security.Claims;
using GamAuthentication.Bearer;
using GamAuthentication.Emulator;

var builder = WebApplication.CreateBuilder(args);

// No GAM configured in Development: validate tokens against the GAM emulator mounted in this app at /gam
// (see GamApiApp.http for getting a token). Set Authentication:Schemes:GamBearer:Authority to use your GAM instead.
var useEmulator = builder.Environment.IsDevelopment()
    && string.IsNullOrEmpty(builder.Configuration["Authentication:Schemes:GamBearer:Authority"]);
if (useEmulator)
{
    builder.Services.AddGamEmulator();
}

builder.Services
    .AddAuthentication(GamBearerDefaults.AuthenticationScheme) // "GamBearer"
    .AddGamBearer(options =>
    {
        // Everything else (caching, endpoint profile, timeouts) binds from Authentication:Schemes:GamBearer.
        if (useEmulator)
        {
            options.Authority = GamEmulatorUrls.AuthorityFor(builder.Configuration, "http://localhost:5000");
        }
    });
builder.Services.AddAuthorization();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

if (useEmulator)
{
    app.MapGamEmulator("/gam");
}

// Anonymous.
app.MapGet("/api/ping", () => new { message = "pong" });

// Any caller with a valid GAM access token.
app.MapGet("/api/me", (ClaimsPrincipal user) => new
{
    name = user.Identity?.Name,
    roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value),
}).RequireAuthorization();

// Only callers whose GAM roles include the role with External ID "Administrator".
app.MapGet("/api/admin", (ClaimsPrincipal user) => new { message = $"Hello, administrator {user.Identity?.Name}." })
    .RequireAuthorization(policy => policy.RequireRole("Administrator"));

app.Run();
