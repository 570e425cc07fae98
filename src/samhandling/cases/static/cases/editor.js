// The rich-text editor hides each section's textarea and edits a box of its own. The box
// takes over what the textarea had from the form — its label, help text and error — so
// screen readers announce it as before, and a click on the label puts the cursor in it.
// The editor's buttons are named in English; they get the names the form sends along in
// the page's language.

const CONFIG = "data-django-prose-editor-configurable";
const FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [contenteditable=true], [tabindex]:not([tabindex='-1'])";

const labelsOf = new WeakMap();

function labels(textarea) {
  if (!labelsOf.has(textarea)) {
    let found = {};
    try {
      found = JSON.parse(textarea.getAttribute(CONFIG) || "{}").labels || {};
    } catch {
      // Without names of our own the editor's English ones stay.
    }
    labelsOf.set(textarea, found);
  }
  return labelsOf.get(textarea);
}

// The toolbar is filled after the box is made, so this runs as its buttons appear.
function relabel(wrapper) {
  const textarea = wrapper.querySelector("textarea");
  if (!textarea) return;
  for (const item of wrapper.querySelectorAll(".prose-menubar [data-name]:not([data-named])")) {
    item.dataset.named = "1";
    const label = labels(textarea)[item.dataset.name];
    if (!label) continue;
    item.title = label;
    item.setAttribute("aria-label", label);
    // Options in the heading menu show their name as a sample of the style.
    const sample = item.querySelector("h3, h4, p");
    if (sample) sample.textContent = label;
  }
}

function connect(wrapper) {
  const textarea = wrapper.querySelector("textarea");
  // The heading menu has a .ProseMirror of its own for its looks; the box is editable.
  const box = wrapper.querySelector(".ProseMirror[contenteditable]");
  if (!textarea || !box) return;
  wrapper.dataset.connected = "1";
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label) {
    label.id ||= `${textarea.id}_label`;
    box.setAttribute("aria-labelledby", label.id);
    label.addEventListener("click", () => box.focus());
  }
  for (const name of ["aria-describedby", "aria-invalid"]) {
    const value = textarea.getAttribute(name);
    if (value) box.setAttribute(name, value);
  }
  box.setAttribute("role", "textbox");
  box.setAttribute("aria-multiline", "true");
  // In a table Tab moves between cells (and adds a row at the end); Escape always leaves
  // the editor for the next field, so the keyboard is never caught in it.
  // (ProseMirror's own Escape selects the parent node; this one runs first.)
  box.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const next = [...document.querySelectorAll(FOCUSABLE)].find(
      (element) =>
        !wrapper.contains(element) &&
        wrapper.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING &&
        element.offsetParent !== null,
    );
    if (next) {
      event.preventDefault();
      event.stopPropagation();
      next.focus();
    }
  }, true);
}

function connectAll() {
  for (const wrapper of document.querySelectorAll(".prose-editor")) {
    if (!wrapper.dataset.connected) connect(wrapper);
    relabel(wrapper);
  }
}

// The editors are made asynchronously, some perhaps before this module runs: each is
// connected the moment its box is in the page, before anything can read the page unlabelled.
new MutationObserver(connectAll).observe(document.body, { childList: true, subtree: true });
document.addEventListener("prose-editor:ready", connectAll);
connectAll();
