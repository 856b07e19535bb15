using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GamAuthentication.Benchmarks;

/// <summary>
/// <c>tokens &lt;baseUrl&gt; &lt;count&gt; &lt;file&gt;</c>: password grants against the sample's emulator (users
/// demo/admin alternately), then one <c>/api/me</c> per token so the measured run starts with warm caches.
/// </summary>
internal static class TokenTool
{
    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = new Uri(args[0].TrimEnd('/') + "/");
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var file = args[2];
        using var client = new HttpClient { BaseAddress = baseUrl };
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var user = i % 2 == 0 ? "demo" : "admin";
            using var response = await client.PostAsync(new Uri("gam/oauth/gam/v2.0/access_token", UriKind.Relative), new FormUrlEncodedContent(
            [
                new("grant_type", "password"),
                new("client_id", "sample-client"),
                new("client_secret", "sample-secret"),
                new("username", user),
                new("password", user),
                new("scope", "gam_user_data gam_user_roles"),
            ]), ct);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            tokens[i] = json.RootElement.GetProperty("access_token").GetString()!;
        });

        var failures = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/me", UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        });

        await File.WriteAllLinesAsync(file, tokens);
        Console.WriteLine($"{count} tokens written to {file}; warm-up failures: {failures}");
        return failures == 0 ? 0 : 1;
    }
}
