using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Attributes;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Rules;

/// <summary>AB0005 (invalid budget literal) and AB0007 ([Budgeted] type not partial).</summary>
public class BudgetedAttributeTests
{
    private static DiagnosticResult InvalidBudget(int markup, string runtimeError) =>
        new DiagnosticResult(DiagnosticDescriptors.InvalidBudgetLiteral).WithLocation(markup).WithArguments(runtimeError);

    [Fact]
    public Task Literals_the_runtime_parser_rejects_are_errors_with_its_reason() => Verify.AnalyzerAsync<BudgetedAttributeAnalyzer>("""
        using AgentBudget;

        [Budgeted({|#0:"$0"|})] public partial class A0 { }
        [Budgeted({|#1:"-5"|})] public partial class A1 { }
        [Budgeted({|#2:"1,000"|})] public partial class A2 { }
        [Budgeted({|#3:"5,00"|})] public partial class A3 { }
        [Budgeted({|#4:"€5"|})] public partial class A4 { }
        [Budgeted({|#5:"$\u00245"|})] public partial class A5 { }
        [Budgeted({|#6:"5abc"|})] public partial class A6 { }
        [Budgeted({|#7:""|})] public partial class A7 { }
        [Budgeted({|#8:"$"|})] public partial class A8 { }
        [Budgeted({|#9:"0.0000000000001"|})] public partial class A9 { }
        [Budgeted({|#10:"NaN"|})] public partial class A10 { }
        [Budgeted({|#11:null!|})] public partial class A11 { }
        """,
        InvalidBudget(0, "The budget \"$0\" is not valid: a budget must be more than zero"),
        InvalidBudget(1, "The budget \"-5\" is not valid: a budget cannot be negative"),
        InvalidBudget(2, "The budget \"1,000\" is not valid: it contains a comma; write the amount without thousands separators and with a decimal point, as in \"1000.50\""),
        InvalidBudget(3, "The budget \"5,00\" is not valid: it contains a comma; write the amount without thousands separators and with a decimal point, as in \"1000.50\""),
        InvalidBudget(4, "The budget \"€5\" is not valid: '€' is not allowed; only digits, one decimal point and an optional leading \"$\" (US dollars) are"),
        InvalidBudget(5, "The budget \"$$5\" is not valid: only one leading \"$\" is allowed"),
        InvalidBudget(6, "The budget \"5abc\" is not valid: 'a' is not allowed; only digits, one decimal point and an optional leading \"$\" (US dollars) are"),
        InvalidBudget(7, "The budget \"\" is not valid: it is empty; write an amount such as \"$5.00\""),
        InvalidBudget(8, "The budget \"$\" is not valid: it has a dollar sign but no amount"),
        InvalidBudget(9, "The budget \"0.0000000000001\" is not valid: it has more than 12 decimal places, the finest amount AgentBudget keeps exactly"),
        InvalidBudget(10, "The budget \"NaN\" is not valid: 'N' is not allowed; only digits, one decimal point and an optional leading \"$\" (US dollars) are"),
        InvalidBudget(11, "A budget amount is required but was null"));

    [Fact]
    public Task Literals_the_runtime_parser_accepts_are_fine() => Verify.AnalyzerAsync<BudgetedAttributeAnalyzer>("""
        using AgentBudget;

        [Budgeted("$5.00")] public partial class A0 { }
        [Budgeted("5")] public partial class A1 { }
        [Budgeted(" $0.50 ")] public partial class A2 { }
        [Budgeted("0.000000000001")] public partial class A3 { }
        [Budgeted("9223372.036854775807")] public partial class A4 { }
        """);

    [Fact]
    public Task A_type_that_is_not_partial_is_an_error_naming_the_containers_that_need_it_too() => Verify.AnalyzerAsync<BudgetedAttributeAnalyzer>("""
        using AgentBudget;

        [Budgeted("$1.00")]
        public class {|#0:Flat|} { }

        public class Outer
        {
            public partial class Middle
            {
                [Budgeted("$1.00")]
                public class {|#1:Inner|} { }
            }
        }

        public class Host
        {
            [Budgeted("$1.00")]
            public partial class {|#2:Nested|} { }
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.BudgetedTypeNotPartial).WithLocation(0).WithArguments("Flat", ""),
        new DiagnosticResult(DiagnosticDescriptors.BudgetedTypeNotPartial).WithLocation(1).WithArguments("Inner", " (also to its containing type 'Outer')"),
        new DiagnosticResult(DiagnosticDescriptors.BudgetedTypeNotPartial).WithLocation(2).WithArguments("Nested", " (also to its containing type 'Host')"));

    [Fact]
    public Task Partial_everywhere_is_fine_even_across_files() => new RuleTest<BudgetedAttributeAnalyzer>
    {
        TestState =
        {
            Sources =
            {
                """
                using AgentBudget;

                public partial class Outer
                {
                    [Budgeted("$3")]
                    public partial class Agent { }
                }
                """,
                """
                public partial class Outer
                {
                    public partial class Agent
                    {
                        public int Steps { get; set; }
                    }
                }
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task One_part_without_partial_is_reported_on_that_part() => new RuleTest<BudgetedAttributeAnalyzer>
    {
        TestState =
        {
            Sources =
            {
                """
                using AgentBudget;

                [Budgeted("$3")]
                public partial class Agent { }
                """,
                """
                public class {|#0:Agent|}
                {
                    public int Steps { get; set; }
                }
                """,
            },
            ExpectedDiagnostics =
            {
                DiagnosticResult.CompilerError("CS0260").WithSpan("/0/Test1.cs", 1, 14, 1, 19).WithArguments("Agent"),
                new DiagnosticResult(DiagnosticDescriptors.BudgetedTypeNotPartial).WithLocation(0).WithArguments("Agent", ""),
            },
        },
    }.RunAsync();
}
