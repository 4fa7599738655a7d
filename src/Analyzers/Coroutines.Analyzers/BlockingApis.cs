using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Coroutines.Analyzers;

/// <summary>
/// The curated part of ANALYZERS.md (c): blocking APIs with no awaitable sibling (CORO005), console input (CORO006),
/// receivers and members whose "Async" siblings are fake or unsuitable (CORO004 deny list) and siblings whose name is
/// not <c>Name + "Async"</c>. Keyed by metadata name so it is resolved once per compilation.
/// </summary>
internal static class BlockingApis
{
    /// <summary>CORO005: type → methods that block and have no awaitable sibling (RunInExecutor is the way out).</summary>
    public static readonly ImmutableDictionary<string, ImmutableHashSet<string>> WithoutSibling =
        new Dictionary<string, ImmutableHashSet<string>>
        {
            ["System.IO.File"] = Set("Copy", "Move", "Delete", "Replace", "Open", "OpenRead", "OpenText", "OpenWrite", "Create", "CreateText", "AppendText"),
            ["System.IO.Directory"] = Set("CreateDirectory", "Delete", "Move", "GetFiles", "GetDirectories", "GetFileSystemEntries"),
            ["System.IO.FileInfo"] = Set("CopyTo", "MoveTo", "Delete", "Replace", "Open", "OpenRead", "OpenText", "OpenWrite", "Create", "CreateText", "AppendText"),
            ["System.IO.DirectoryInfo"] = Set("Create", "Delete", "MoveTo", "GetFiles", "GetDirectories", "GetFileSystemInfos"),
            ["System.Xml.XmlDocument"] = Set("Load", "Save"),
            ["System.Net.Sockets.Socket"] = Set("Poll", "Select"),
            ["System.Diagnostics.Process"] = Set("Start", "WaitForInputIdle"),
            ["System.Threading.Tasks.Parallel"] = Set("For", "ForEach", "Invoke"),
            ["System.GC"] = Set("WaitForPendingFinalizers"),
            ["System.IO.Pipes.PipeStream"] = Set("WaitForPipeDrain"),
        }.ToImmutableDictionary();

    /// <summary>CORO006: <c>System.Console</c> reads.</summary>
    public static readonly ImmutableHashSet<string> ConsoleReads = Set("ReadLine", "ReadKey", "Read");

    /// <summary>CORO004 never suggests siblings for these members: they are not I/O, or their async form is not worth it.</summary>
    public static readonly ImmutableHashSet<string> DeniedMembers = Set("Dispose", "Cancel", "Add", "AddRange", "Invoke", "GetEnumerator", "ToString");

    /// <summary>CORO004 skips receivers of these types (in-memory: their async siblings complete synchronously anyway).</summary>
    public static readonly ImmutableArray<string> InMemoryTypes = ImmutableArray.Create(
        "System.IO.MemoryStream",
        "System.IO.UnmanagedMemoryStream",
        "System.IO.StringReader",
        "System.IO.StringWriter");

    /// <summary>
    /// <c>coro_analyzer.async_sibling_discovery = curated</c>: CORO004 only looks for siblings on these types (and types
    /// derived from them), the reviewed table of ANALYZERS.md (c).
    /// </summary>
    public static readonly ImmutableArray<string> CuratedSiblingTypes = ImmutableArray.Create(
        "System.IO.File",
        "System.IO.RandomAccess",
        "System.IO.Stream",
        "System.IO.TextReader",
        "System.IO.TextWriter",
        "System.IO.Compression.ZipFile",
        "System.IO.Pipes.NamedPipeServerStream",
        "System.IO.Pipes.NamedPipeClientStream",
        "System.Net.Sockets.Socket",
        "System.Net.Sockets.TcpClient",
        "System.Net.Sockets.TcpListener",
        "System.Net.Sockets.UdpClient",
        "System.Net.Dns",
        "System.Net.Http.HttpClient",
        "System.Net.Http.HttpContent",
        "System.Net.WebClient",
        "System.Net.WebRequest",
        "System.Net.NetworkInformation.Ping",
        "System.Net.Mail.SmtpClient",
        "System.Net.Security.SslStream",
        "System.Net.Security.NegotiateStream",
        "System.Diagnostics.Process",
        "System.Data.Common.DbConnection",
        "System.Data.Common.DbCommand",
        "System.Data.Common.DbDataReader",
        "System.Data.Common.DbTransaction",
        "System.Text.Json.JsonSerializer",
        "System.Text.Json.JsonDocument",
        "System.Text.Json.Nodes.JsonNode",
        "System.Xml.Linq.XDocument",
        "System.Xml.Linq.XElement",
        "System.Xml.XmlReader",
        "System.Xml.XmlWriter",
        "System.Security.Cryptography.CryptoStream",
        "System.Security.Cryptography.HashAlgorithm",
        "System.Security.Cryptography.SHA256",
        "System.Threading.SemaphoreSlim");

    /// <summary>CORO004 siblings whose name is not <c>Name + "Async"</c> or <c>Name + "TaskAsync"</c>.</summary>
    public static readonly ImmutableDictionary<(string Type, string Method), string> RenamedSiblings =
        new Dictionary<(string Type, string Method), string>
        {
            [("System.Net.NetworkInformation.Ping", "Send")] = "SendPingAsync",
            [("System.Net.Mail.SmtpClient", "Send")] = "SendMailAsync",
        }.ToImmutableDictionary();

    /// <summary>Resolves a metadata-name keyed table against a compilation (missing types are dropped).</summary>
    public static ImmutableDictionary<INamedTypeSymbol, T> Resolve<T>(Compilation compilation, IEnumerable<KeyValuePair<string, T>> table)
    {
        ImmutableDictionary<INamedTypeSymbol, T>.Builder builder = ImmutableDictionary.CreateBuilder<INamedTypeSymbol, T>(SymbolEqualityComparer.Default);
        foreach (KeyValuePair<string, T> entry in table)
        {
            if (compilation.GetTypeByMetadataName(entry.Key) is { } type)
            {
                builder[type] = entry.Value;
            }
        }

        return builder.ToImmutable();
    }

    private static ImmutableHashSet<string> Set(params string[] names) => ImmutableHashSet.Create(StringComparer.Ordinal, names);
}
