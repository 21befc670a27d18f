// The toolbar popup: opens the full checker (the same page as the web version) in a tab. The
// page reads the clipboard itself when asked to (`?clipboard`), so the export never passes
// through the popup or any storage. *Fetch from Meta* opens the page at its fetch form
// (`?fetch`): the token is typed there, never into the popup.
const page = (query = '') => chrome.runtime.getURL(`www/index.html${query}`);

function open(query) {
  chrome.tabs.create({ url: page(query) });
  window.close();
}

document.getElementById('open').addEventListener('click', () => open());
document.getElementById('fetch').addEventListener('click', () => open('?fetch'));
document.getElementById('clipboard').addEventListener('click', () => open('?clipboard'));
document.getElementById('sample').addEventListener('click', () => open('?sample'));
