-- Run by .ci/nvim-check.sh inside headless Neovim, with the buffer of a page open: waits for
-- the language server's diagnostics and writes them, one `line:column code message` a line,
-- into the file named by $NVIM_CHECK_OUT, then quits.
vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  table.insert(lines, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, code, d.message))
end
vim.fn.writefile(lines, vim.env.NVIM_CHECK_OUT)
vim.cmd('qa!')
