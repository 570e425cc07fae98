// The rich-text editor hides each section's textarea and edits a box of its own. The box
// takes over what the textarea had from the form — its label, help text and error — so
// screen readers announce it as before, and a click on the label puts the cursor in it.

function connect(wrapper) {
  const textarea = wrapper.querySelector("textarea");
  // The heading menu has a .ProseMirror of its own for its looks; the box is editable.
  const box = wrapper.querySelector(".ProseMirror[contenteditable]");
  if (!textarea || !box || box.hasAttribute("aria-labelledby")) return;
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label) {
    label.id ||= `${textarea.id}_label`;
    box.setAttribute("aria-labelledby", label.id);
    if (!label.dataset.editorFocus) {
      label.dataset.editorFocus = "1";
      label.addEventListener("click", () => box.focus());
    }
  }
  for (const name of ["aria-describedby", "aria-invalid"]) {
    const value = textarea.getAttribute(name);
    if (value) box.setAttribute(name, value);
  }
  box.setAttribute("role", "textbox");
  box.setAttribute("aria-multiline", "true");
}

function connectAll() {
  for (const wrapper of document.querySelectorAll(".prose-editor")) connect(wrapper);
}

// The editors are made asynchronously, some perhaps before this module runs: each is
// connected the moment its box is in the page, before anything can read the page unlabelled.
new MutationObserver(connectAll).observe(document.body, { childList: true, subtree: true });
document.addEventListener("prose-editor:ready", connectAll);
connectAll();
