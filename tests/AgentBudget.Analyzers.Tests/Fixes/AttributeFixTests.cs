using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.CodeFixes.Attributes;
using AgentBudget.Generators.Analyzers.Attributes;

namespace AgentBudget.Analyzers.Tests.Fixes;

/// <summary>AB0007 fix: partial on the [Budgeted] type and every type containing it.</summary>
public class AttributeFixTests
{
    [Fact]
    public Task Adds_partial_to_the_type_and_its_containers() => Verify.CodeFixAsync<BudgetedAttributeAnalyzer, MakePartialCodeFix>("""
        using AgentBudget;

        namespace Agents
        {
            internal static class Outer
            {
                /// <summary>An agent.</summary>
                [Budgeted("$2.00")]
                public sealed class {|AB0007:Researcher|}
                {
                }
            }

            [Budgeted("$1.00")]
            class {|AB0007:Plain|} { }
        }
        """, """
        using AgentBudget;

        namespace Agents
        {
            internal static partial class Outer
            {
                /// <summary>An agent.</summary>
                [Budgeted("$2.00")]
                public sealed partial class Researcher
                {
                }
            }

            [Budgeted("$1.00")]
            partial class Plain { }
        }
        """);

    [Fact]
    public Task Nothing_to_fix_when_the_type_is_partial() => Verify.CodeFixAsync<BudgetedAttributeAnalyzer, MakePartialCodeFix>("""
        using AgentBudget;

        [Budgeted("$1.00")]
        public partial class Agent { }
        """, """
        using AgentBudget;

        [Budgeted("$1.00")]
        public partial class Agent { }
        """);
}
