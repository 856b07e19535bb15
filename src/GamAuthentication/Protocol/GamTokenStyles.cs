using System.Net.Http.Headers;

namespace GamAuthentication.Protocol;

/// <summary>The one place that puts an access token into a request in a <see cref="GamTokenStyle"/>: for GAM's userinfo and for downstream APIs.</summary>
internal static class GamTokenStyles
{
    private const string GeneXusAgent = "GeneXus-Agent";
    private const string SmartDevice = "SmartDevice Application";

    /// <summary>
    /// Writes <paramref name="accessToken"/> into <paramref name="request"/>, replacing any <c>Authorization</c> it had.
    /// <see cref="GamTokenStyle.OAuth"/> and <see cref="GamTokenStyle.FormPost"/> add <c>GeneXus-Agent</c>, as GeneXus
    /// clients do; <see cref="GamTokenStyle.FormPost"/> replaces the body with the <c>access_token</c> field.
    /// </summary>
    public static void Apply(HttpRequestMessage request, string accessToken, GamTokenStyle style)
    {
        request.Headers.Authorization = null;
        switch (style)
        {
            case GamTokenStyle.Raw:
                request.Headers.TryAddWithoutValidation("Authorization", accessToken);
                break;
            case GamTokenStyle.OAuth:
                request.Headers.TryAddWithoutValidation("Authorization", "OAuth " + accessToken);
                SetAgent(request);
                break;
            case GamTokenStyle.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                break;
            case GamTokenStyle.FormPost:
                SetAgent(request);
                request.Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("access_token", accessToken)]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(style), style, "Unknown token style.");
        }
    }

    private static void SetAgent(HttpRequestMessage request)
    {
        request.Headers.Remove(GeneXusAgent);
        request.Headers.TryAddWithoutValidation(GeneXusAgent, SmartDevice);
    }
}
