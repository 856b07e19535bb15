using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Samples.Worker;

/// <summary>
/// A background service that calls the API sample with a GAM service token. The token is obtained with an API key
/// (or a user name and password) by <c>AddGamClientAccessToken</c>, cached until shortly before it expires, and
/// renewed once when the API answers 401.
/// </summary>
public static class SampleWorker
{
    /// <summary>The HttpClient that carries the service token.</summary>
    public const string ApiClientName = "SampleApi";

    /// <summary>Creates the host. Any configuration key can be given on the command line, e.g. <c>--GamServiceToken:ApiKey=...</c>.</summary>
    public static IHost Create(string[] args)
    {
        // appsettings.json is copied next to the program, so `dotnet run --project …` finds it from any directory.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var apiBaseUrl = builder.Configuration["Samples:ApiBaseUrl"] ?? "http://localhost:5090";

        // One line puts the token on every request of this client; settings bind from "GamServiceToken".
        builder.Services
            .AddHttpClient(ApiClientName, client => client.BaseAddress = new Uri(apiBaseUrl.TrimEnd('/') + "/"))
            .AddGamClientAccessToken(builder.Configuration.GetSection("GamServiceToken"));

        builder.Services.AddHostedService<ApiCaller>();
        return builder.Build();
    }
}

/// <summary>Calls <c>/api/me</c> every <c>Samples:CallInterval</c> (default 10 s), or once with <c>--once</c>.</summary>
internal sealed partial class ApiCaller(
    IHttpClientFactory factory,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<ApiCaller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var once = string.Equals(configuration["once"], "true", StringComparison.OrdinalIgnoreCase);
        var interval = TimeSpan.TryParse(configuration["Samples:CallInterval"], System.Globalization.CultureInfo.InvariantCulture, out var configured) && configured > TimeSpan.Zero
            ? configured
            : TimeSpan.FromSeconds(10);
        var client = factory.CreateClient(SampleWorker.ApiClientName);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("api/me", stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    var me = await response.Content.ReadFromJsonAsync<Me>(stoppingToken);
                    LogCalled(logger, me?.Name ?? "(no name)", string.Join(", ", me?.Roles ?? []));
                }
                else
                {
                    LogRefused(logger, (int)response.StatusCode);
                }
            }
            catch (GamAuthenticationException ex)
            {
                // GAM refused the API key (or password): the message names GAM's code, never the key.
                LogNoToken(logger, ex.Message);
            }
            catch (HttpRequestException ex)
            {
                LogUnreachable(logger, client.BaseAddress!.ToString(), ex.Message);
            }

            if (once)
            {
                lifetime.StopApplication();
                return;
            }

            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record Me(string? Name, List<string>? Roles);

    [LoggerMessage(1, LogLevel.Information, "The API says the service token belongs to {Name} (roles: {Roles})")]
    private static partial void LogCalled(ILogger logger, string name, string roles);

    [LoggerMessage(2, LogLevel.Warning, "The API answered HTTP {Status}")]
    private static partial void LogRefused(ILogger logger, int status);

    [LoggerMessage(3, LogLevel.Error, "No service token: {Reason}")]
    private static partial void LogNoToken(ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Error, "The API at {Url} could not be reached ({Reason}); is the API sample running?")]
    private static partial void LogUnreachable(ILogger logger, string url, string reason);
}
