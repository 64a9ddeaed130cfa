-- Driven by tests/editors/test_nvim.py: a real headless Neovim with editors/nvim on its
-- runtimepath opens a draft, waits for factlint's diagnostics, applies the quick fix for
-- the wrong figure, and writes what happened to $FACTLINT_E2E_OUT as JSON.
local out = os.getenv('FACTLINT_E2E_OUT')
local result = { diagnostics = {}, line_after = nil, error = nil }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.json.encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  local got = vim.wait(120000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'figure/conflict' then return true end
    end
    return false
  end, 200)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, message = d.message,
                                       source = d.source })
  end
  if not got then error('no figure/conflict diagnostic arrived') end
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'figure/conflict' then target = d end
  end
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action) return action.isPreferred == true end,
  })
  vim.wait(20000, function()
    return vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]:find('145') ~= nil
  end, 100)
  result.line_after = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
end)
if not ok then result.error = tostring(err) end
finish()
