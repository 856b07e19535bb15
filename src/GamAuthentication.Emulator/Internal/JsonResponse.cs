using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

/// <summary>
/// How every JSON body of the emulator is written, GAM's and OpenID Connect's alike: <c>no-store</c>, an exact
/// length, and relaxed escaping that keeps <c>+</c> in scopes and non-ASCII text literal (the default encoder writes
/// <c>\u002B</c>; bodies are JSON, never HTML).
/// </summary>
internal static class JsonResponse
{
    /// <summary>Serializer settings with the same escaping, for JSON built as nodes (OpenID Connect claims, JWT parts).</summary>
    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the body produced by <paramref name="write"/> with <paramref name="statusCode"/>.</summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
