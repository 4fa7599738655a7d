using System.Text;

namespace Flags;

/// <summary>What the flag servers answer for /flags/{cc}/{file}: one place for the routing, shared by the ASP.NET server
/// and the coroutine one.</summary>
public static class FlagCatalog
{
    public static (int Status, byte[] Body, string ContentType) Respond(FlagServerOptions options, string cc, string file)
    {
        cc = cc.ToUpperInvariant();
        if (!Countries.Names.TryGetValue(cc, out string? name) || options.Missing.Contains(cc))
        {
            return (404, Array.Empty<byte>(), "text/plain");
        }

        if (options.Failing.Contains(cc))
        {
            return (500, Array.Empty<byte>(), "text/plain");
        }

        if (file.Equals($"{cc.ToLowerInvariant()}.gif", StringComparison.Ordinal))
        {
            return (200, FlagImage.Gif(cc), "image/gif");
        }

        return file == "metadata.json"
            ? (200, Encoding.UTF8.GetBytes($$"""{"cc": "{{cc}}", "country": "{{name}}"}"""), "application/json; charset=utf-8")
            : (404, Array.Empty<byte>(), "text/plain");
    }
}
