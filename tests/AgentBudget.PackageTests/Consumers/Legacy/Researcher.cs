using AgentBudget;

namespace Legacy
{
    [Budgeted("$1.00")]
    public partial class Researcher
    {
        public int Run(string topic)
        {
            return Search(topic).Length;
        }

        [TrackTool(0.01)]
        private string Search(string topic)
        {
            return "result for " + topic;
        }
    }
}
