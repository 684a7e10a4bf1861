// The dashboard's Mail view: the outbox (what was sent, held, retried or given up) and each held mail as its recipient
// would read it, with its links, so a marketer without a mail server can click Confirm and see the result mail.
const byId = (id) => document.getElementById(id);

export async function renderMail(api) {
  const mails = await (await api("/api/admin/mail?limit=50")).json();
  const rows = mails.map((mail) => {
    const line = document.createElement("tr");
    const cells = [mail.kind, mail.quiz, mail.recipient, mail.state, mail.attempts, mail.lastReply ?? "", mail.createdAt.replace("T", " ").replace("Z", "")];
    for (const cell of cells) line.append(Object.assign(document.createElement("td"), { textContent: String(cell) }));
    const action = document.createElement("td");
    if (mail.state === "held") {
      const button = Object.assign(document.createElement("button"), { type: "button", className: "secondary", textContent: "Read" });
      button.addEventListener("click", () => showHeldMail(api, mail.id));
      action.append(button);
    }
    line.append(action);
    return line;
  });
  const head = document.createElement("tr");
  for (const name of ["Kind", "Quiz", "To", "State", "Attempts", "Last reply", "Queued (UTC)", ""]) head.append(Object.assign(document.createElement("th"), { textContent: name }));
  const empty = Object.assign(document.createElement("td"), { textContent: "No mail yet.", colSpan: 8 });
  byId("mail").replaceChildren(head, ...(rows.length ? rows : [Object.assign(document.createElement("tr"), {}).appendChild(empty).parentNode]));
}

async function showHeldMail(api, id) {
  const mail = await (await api(`/api/admin/mail/${id}`)).json();
  const view = byId("held-mail");
  const links = Object.entries(mail.links).map(([name, url]) => {
    const item = document.createElement("li");
    item.append(`${name}: `, Object.assign(document.createElement("a"), { href: url, textContent: url, target: "_blank", rel: "noreferrer" }));
    return item;
  });
  const parts = [
    Object.assign(document.createElement("h3"), { textContent: mail.subject }),
    Object.assign(document.createElement("p"), { textContent: `From ${mail.from} to ${mail.to}` }),
    Object.assign(document.createElement("ul"), { className: "mail-links" }),
    Object.assign(document.createElement("pre"), { className: "mail-text", textContent: mail.text }),
  ];
  parts[2].append(...links);
  if (mail.html) {
    // The HTML part in a sandbox: no script, no access to the dashboard.
    parts.push(Object.assign(document.createElement("iframe"), { className: "mail-html", title: "The mail's HTML part", sandbox: "", srcdoc: mail.html }));
  }
  view.replaceChildren(...parts);
  view.hidden = false;
  view.scrollIntoView({ behavior: "smooth" });
}
