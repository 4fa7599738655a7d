using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using System.Text;
using Coroutines.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Coroutines.Generator.Tests.Debugging;

/// <summary>
/// Breakpoints and stepping land in the template: compiled through the generator with a portable PDB, every
/// statement of the template has a sequence point in the generated state machine that names the template file and
/// line, and the state machine's own code (dispatch, state bookkeeping) is hidden from the debugger.
/// </summary>
public sealed class PdbSequencePointTests
{
    private const string Members = """
            sealed class Resource : IDisposable
            {
                public void Dispose() => Log.Add("disposed");
            }

            [Coroutine]
            static IEnumerable<Yield<int>> Work(int n)
            {
                int total = 0;
                Log.Add("start");
                for (int i = 0; i < n; i++)
                {
                    total += i;
                    yield return Sleep(1);
                    Log.Add($"step {i}");
                }

                using (var resource = new Resource())
                {
                    yield return default;
                    total *= 2;
                }

                try
                {
                    yield return Sleep(0.5);
                    if (total > 100)
                        throw new InvalidOperationException("too big");
                }
                finally
                {
                    Log.Add("finally");
                }

                yield return Return(total);
            }

            [Coroutine]
            static IEnumerable<Yield> Fails()
            {
                yield return Sleep(1);
                Log.Add("about to fail");
                throw new InvalidOperationException("from the template");
            }
        """;

    private static readonly string s_source = Templates.InClassT(Members);

    [Fact]
    public void Every_template_statement_has_a_sequence_point_in_the_state_machine_at_its_template_line()
    {
        using Emitted emitted = Emitted.Compile(s_source);
        MethodBody work = emitted.StateMachine("__Work_Coroutine");

        int[] expected = StatementLines("Work");
        Assert.True(expected.Length >= 12, $"template parsing found only {expected.Length} statements");
        int[] mapped = work.TemplateLines.Values.SelectMany(l => l).Distinct().ToArray();
        Assert.All(expected, line => Assert.Contains(line, mapped));
        // Statements outside finally run in MoveNext itself; the finally body also runs from Dispose's helper.
        int finallyLine = LineOf("Log.Add(\"finally\");");
        Assert.All(expected.Where(l => l != finallyLine), line => Assert.Contains(line, work.TemplateLines["MoveNext"]));
        Assert.Contains(work.TemplateLines, m => m.Value.Contains(finallyLine));
    }

    [Fact]
    public void Move_next_points_only_at_the_template_or_at_hidden_code()
    {
        using Emitted emitted = Emitted.Compile(s_source);
        MethodBody work = emitted.StateMachine("__Work_Coroutine");

        // Visible sequence points name the template; everything else the generator wrote is #line hidden, so
        // stepping never stops in generated dispatch code.
        Assert.NotEmpty(work.MoveNextPoints);
        string[] documents = work.MoveNextPoints.Where(p => !p.IsHidden).Select(p => p.Document).Distinct().ToArray();
        Assert.True(
            documents.SequenceEqual(new[] { GeneratorHarness.TemplatePath }),
            "visible sequence points outside the template:\n" + string.Join("\n", work.MoveNextPoints.Where(p => !p.IsHidden).Select(p => $"{p.Document}:{p.StartLine}")));
        Assert.Contains(work.MoveNextPoints, p => p.IsHidden);
        int[] templateLines = s_source.Split('\n').Select((_, i) => i + 1).ToArray();
        Assert.All(work.MoveNextPoints.Where(p => !p.IsHidden), p => Assert.Contains(p.StartLine, templateLines));
    }

    [Fact]
    public void An_exception_thrown_in_a_template_reports_the_template_file_and_line()
    {
        using Emitted emitted = Emitted.Compile(s_source);
        Type type = emitted.Assembly.GetType("T", throwOnError: true)!;
        var coroutine = (Coroutine)type.GetMethod("FailsAsync", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!;

        var loop = EventLoop.CreateVirtual();
        var error = Assert.Throws<InvalidOperationException>(() => loop.RunUntilComplete(coroutine));
        loop.Close();

        var trace = new System.Diagnostics.StackTrace(error, fNeedFileInfo: true);
        System.Diagnostics.StackFrame? frame = trace.GetFrames().FirstOrDefault(f => f.GetFileName() == GeneratorHarness.TemplatePath);
        Assert.NotNull(frame);
        Assert.Equal(LineOf("throw new InvalidOperationException(\"from the template\");"), frame!.GetFileLineNumber());
    }

    /// <summary>1-based lines of the template method's statements that do something (not blocks, not loop headers).</summary>
    private static int[] StatementLines(string method)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(s_source, GeneratorHarness.ParseOptions);
        MethodDeclarationSyntax declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Single(m => m.Identifier.Text == method);
        return declaration.Body!.DescendantNodes().OfType<StatementSyntax>()
            .Where(s => s is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or YieldStatementSyntax or ThrowStatementSyntax
                or IfStatementSyntax or ForStatementSyntax or UsingStatementSyntax)
            .Select(s => s.GetLocation().GetLineSpan().StartLinePosition.Line + 1)
            .Distinct()
            .ToArray();
    }

    private static int LineOf(string text) =>
        Array.FindIndex(s_source.Split('\n'), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private sealed record SequencePointInfo(string Document, int StartLine, bool IsHidden);

    /// <summary>The sequence points of one generated state machine: MoveNext's, and the template lines of each method.</summary>
    private sealed record MethodBody(IReadOnlyList<SequencePointInfo> MoveNextPoints, IReadOnlyDictionary<string, int[]> TemplateLines);

    /// <summary>The templates compiled through the generator into a DLL and a portable PDB, loaded with its symbols.</summary>
    private sealed class Emitted : IDisposable
    {
        private readonly AssemblyLoadContext _context;
        private readonly MetadataReaderProvider _pdb;
        private readonly PEReader _pe;

        private Emitted(byte[] dll, byte[] pdb)
        {
            _pe = new PEReader(new MemoryStream(dll));
            _pdb = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
            _context = new AssemblyLoadContext("pdb-templates", isCollectible: true);
            Assembly = _context.LoadFromStream(new MemoryStream(dll), new MemoryStream(pdb));
        }

        public Assembly Assembly { get; }

        public static Emitted Compile(string source)
        {
            // A PDB records a checksum of each document, so the template needs an encoding (as files on disk have).
            CSharpCompilation input = GeneratorHarness.CreateCompilation(source);
            input = input.ReplaceSyntaxTree(input.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(
                SourceText.From(source, Encoding.UTF8), GeneratorHarness.ParseOptions, GeneratorHarness.TemplatePath));
            CSharpCompilation output = GeneratorHarness.Run(input).AssertClean().Output;
            using var dll = new MemoryStream();
            using var pdb = new MemoryStream();
            var result = output.Emit(dll, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return new Emitted(dll.ToArray(), pdb.ToArray());
        }

        public MethodBody StateMachine(string typeName)
        {
            MetadataReader metadata = _pe.GetMetadataReader();
            MetadataReader symbols = _pdb.GetMetadataReader();
            TypeDefinition type = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
                .Single(t => metadata.GetString(t.Name) == typeName);
            var moveNext = new List<SequencePointInfo>();
            var lines = new Dictionary<string, int[]>();
            foreach (MethodDefinitionHandle handle in type.GetMethods())
            {
                string name = metadata.GetString(metadata.GetMethodDefinition(handle).Name);
                List<SequencePointInfo> points = symbols.GetMethodDebugInformation(handle.ToDebugInformationHandle())
                    .GetSequencePoints()
                    .Select(p => new SequencePointInfo(
                        p.Document.IsNil ? "" : symbols.GetString(symbols.GetDocument(p.Document).Name), p.StartLine, p.IsHidden))
                    .ToList();
                if (name == "MoveNext")
                {
                    moveNext = points;
                }

                lines[name] = points.Where(p => !p.IsHidden && p.Document == GeneratorHarness.TemplatePath).Select(p => p.StartLine).ToArray();
            }

            return new MethodBody(moveNext, lines);
        }

        public void Dispose()
        {
            _pe.Dispose();
            _pdb.Dispose();
            _context.Unload();
        }
    }
}
