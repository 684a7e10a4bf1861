// The dashboard's answer panels: for each choice question, how often each answer was picked per segment; for each
// text question, the latest free answers per segment. Every text is set with textContent: players wrote it.

const make = (name, properties = {}) => Object.assign(document.createElement(name), properties);

function choiceTable(question, segments) {
  const table = make("table", { className: "answers-table" });
  table.dataset.question = question.id;
  const head = make("tr");
  head.append(make("th", { textContent: "Answer" }), make("th", { textContent: "All", className: "number" }));
  for (const segment of segments) head.append(make("th", { textContent: segment, className: "number" }));
  table.append(head);
  for (const answer of question.answers) {
    const row = make("tr");
    row.dataset.answer = answer.id;
    row.append(make("td", { textContent: answer.text }), make("td", { textContent: answer.total, className: "number" }));
    for (const segment of segments) {
      const cell = make("td", { textContent: answer.segments[segment] ?? 0, className: "number" });
      cell.dataset.segment = segment;
      row.append(cell);
    }
    table.append(row);
  }
  const wrapper = make("div", { className: "table-wrap" });
  wrapper.append(table);
  return wrapper;
}

function latestAnswers(question, segments) {
  const box = make("div", { className: "latest-answers" });
  box.dataset.question = question.id;
  const written = segments.filter((segment) => question.latest?.[segment]?.length);
  if (!written.length) box.append(make("p", { className: "note", textContent: "No answers in this period." }));
  for (const segment of written) {
    const list = make("ul");
    list.dataset.segment = segment;
    for (const answer of question.latest[segment]) {
      const item = make("li");
      item.append(make("span", { textContent: answer.text }), make("time", { dateTime: answer.at, textContent: answer.at.slice(0, 10) }));
      list.append(item);
    }
    box.append(make("h4", { textContent: `${segment} (${question.latest[segment].length})` }), list);
  }
  return box;
}

/** Fills `element` with one block per question of `summary`, columns in the order of `segments`. */
export function renderAnswers(element, summary, segments) {
  element.replaceChildren(...summary.questions.map((question, index) => {
    const block = make("section", { className: "question-block" });
    block.append(make("h3", { textContent: `${index + 1}. ${question.text}` }));
    block.append(question.type === "text" ? latestAnswers(question, segments) : choiceTable(question, segments));
    return block;
  }));
}
