using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary><c>base.</c> in an instance template calls the base member non-virtually, as the compiler's iterator does.</summary>
public sealed class BaseAccessTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(GeneratorHarness.Prelude + """
        public class Animal
        {
            public static List<string> Log = new();
            protected string tag = "animal-tag";
            public virtual string Speak(int times, string suffix = "!") => string.Concat(Enumerable.Repeat("...", times)) + suffix;
            public virtual string Name { get; set; } = "animal";
            public virtual T Echo<T>(T value) => value;
            public virtual void Bump(ref int counter) => counter += 100;
        }

        public partial class Dog : Animal
        {
            protected new string tag = "dog-tag";
            public override string Speak(int times, string suffix = "!") => "woof" + suffix;
            public override string Name { get => "dog:" + base.Name; set => base.Name = value + "?"; }
            public override T Echo<T>(T value) => default!;
            public override void Bump(ref int counter) => counter += 1;

            [Coroutine]
            public IEnumerable<Yield<string>> Talk(int n)
            {
                Log.Add(base.Speak(n));
                Log.Add(Speak(n));
                yield return Sleep(1);
                base.Name = "rex";
                Log.Add(base.Name + " / " + Name);
                base.Name += "!";
                Log.Add(base.Name);
                Func<int, string, string> speak = base.Speak;
                yield return default;
                Log.Add(speak(2, "?"));
                Log.Add($"{base.Echo(n)} {base.Echo("s")} {Echo(n)}");
                int counter = n;
                base.Bump(ref counter);
                Log.Add($"counter {counter} {base.tag} {tag}");
                yield return Return(base.ToString() + " " + base.GetHashCode().Equals(GetHashCode()));
            }
        }
        """);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void BaseMembers_AreCalledNonVirtually(int n)
    {
        Type dog = s_loaded.Type("Dog");
        List<string> log = s_loaded.Log("Animal");
        string expected = Trace.Run(() => s_loaded.Raw("Dog", "Talk", Activator.CreateInstance(dog), n), log);
        string actual = Trace.Run(() => s_loaded.Generated("Dog", "TalkAsync", Activator.CreateInstance(dog), n), log);
        Assert.Equal(expected, actual);
        Assert.Contains("rex / dog:rex", actual);
        Assert.Contains($"counter {n + 100} animal-tag dog-tag", actual);
    }
}
