// question: Which tasks is each benchmark used for?
// ordered: true
// example: {"benchmark_id": "dataset:alpacaeval", "benchmark": "AlpacaEval", "task_id": "task:automatic-data-selection", "task": "automatic data selection", "papers": 1, "listed": false}
// A paper that evaluates on (or uses) the benchmark and addresses the task counts once;
// listed says whether the vocabulary also names the benchmark as one for that task (BENCHMARK_FOR).
MATCH (b:Benchmark)<-[:EVALUATES_ON|USES]-(p:Paper)-[:ADDRESSES]->(t:Task)
WITH b, t, count(DISTINCT p) AS papers
RETURN b.id AS benchmark_id, b.name AS benchmark, t.id AS task_id, t.name AS task, papers,
       EXISTS { (b)-[:BENCHMARK_FOR]->(t) } AS listed
ORDER BY benchmark_id, papers DESC, task_id
