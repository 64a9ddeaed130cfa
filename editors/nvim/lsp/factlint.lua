-- factlint language server configuration for Neovim 0.11+ (the `lsp/` runtime convention).
-- With this folder on 'runtimepath', enabling it is one line:
--
--   vim.lsp.enable('factlint')
--
-- Override any field first if needed, e.g. a factlint installed in a virtual environment:
--
--   vim.lsp.config('factlint', { cmd = { '/path/to/venv/bin/factlint', 'serve' } })

---@type vim.lsp.Config
return {
  cmd = { 'factlint', 'serve' },
  filetypes = { 'markdown', 'text' },
  -- the nearest folder with a factlint config is the project root
  root_markers = { 'factlint.toml', '.factlint.toml', 'pyproject.toml', '.git' },
  -- sent as workspace/configuration section "factlint"; a factlint.toml takes precedence
  settings = {
    factlint = {
      -- corpus = { 'articles' },
      -- rules = { 'house-rules' },
      -- disable = { 'style/name-spelling' },
      -- severity = { ['figure/conflict'] = 'error' },
    },
  },
}
